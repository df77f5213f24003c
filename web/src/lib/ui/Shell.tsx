import { lazy, Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/useSession';
import { setLanguage, currentLanguage } from '../i18n';
import { BrandMark, Icon, type IconName } from './icons';
import { Loading, OfflineBanner } from './StateViews';
import { ScrollAndFocus } from './ScrollAndFocus';
import { RouteErrorBoundary } from './RouteError';
import { hasStaffRole } from '../../features/work/roles';

const AccountMenu = lazy(() => import('./AccountMenu'));

const NAV: { to: string; key: string; icon: IconName; end?: boolean }[] = [
  { to: '/', key: 'catalog', icon: 'catalog', end: true },
  { to: '/statements', key: 'statements', icon: 'statements' },
  { to: '/documents', key: 'documents', icon: 'documents' },
  { to: '/hearings', key: 'hearings', icon: 'hearings' },
  { to: '/account', key: 'account', icon: 'account' },
];
// Shown only to accounts with a staff role.
const WORK: (typeof NAV)[number] = { to: '/work', key: 'work', icon: 'work' };

function LanguageSwitch() {
  const { t } = useTranslation();
  const other = currentLanguage() === 'ru' ? 'en' : 'ru';
  return (
    <button
      type="button"
      className="header-button"
      onClick={() => void setLanguage(other)}
      // The name begins with the visible code, so a voice command saying
      // what is on the button finds it (WCAG 2.5.3).
      aria-label={`${other.toUpperCase()} — ${t('common:language')}: ${t(`common:languageName.${other}`)}`}
    >
      <Icon name="globe" size={20} />
      <span lang={other}>{other.toUpperCase()}</span>
    </button>
  );
}

/** Signed out: a link; signed in: the account menu, loaded only then. */
function AccountArea() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signedIn' || !session.account) {
    return (
      <Link className="header-button header-signin" to="/signin">
        {t('common:signIn')}
      </Link>
    );
  }
  return (
    <Suspense fallback={<span className="header-button">{session.account.firstName}</span>}>
      <AccountMenu />
    </Suspense>
  );
}

const UnreadBadge = lazy(() => import('../../features/notifications/Badge'));

/** Signed in: the bell with the unread count (live), loaded only then. */
function NotificationsBadge() {
  const { t } = useTranslation();
  const { status } = useSession();
  if (status !== 'signedIn') return null;
  const bell = (
    <Link className="header-button" to="/notifications" aria-label={t('common:notificationsBadge', { count: 0 })}>
      <Icon name="bell" size={20} />
    </Link>
  );
  return (
    <Suspense fallback={bell}>
      <UnreadBadge />
    </Suspense>
  );
}

/**
 * The app's frame: header, navigation (bottom on phones, side on desktop), main.
 * Its buttons are native ones: React Aria is not needed to show the first
 * screen (the widgets that need it load with their screens).
 */
export function Shell() {
  const { t } = useTranslation();
  const { status, account } = useSession();
  const { pathname } = useLocation();
  const nav = hasStaffRole(account?.roles) ? [...NAV, WORK] : NAV;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="header">
        <Link to="/" className="brand">
          <BrandMark />
          <span>{t('common:appName')}</span>
        </Link>
        <div className="header-actions">
          <NotificationsBadge />
          <LanguageSwitch />
          <AccountArea />
        </div>
      </header>
      <OfflineBanner />
      <nav className="nav" aria-label={t('common:nav.label')}>
        <ul>
          {nav.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false} className="nav-link">
                <Icon name={item.icon} />
                <span>{t(`common:nav.${item.key}`)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <ScrollAndFocus />
        {status === 'restoring' ? (
          <Loading />
        ) : (
          <RouteErrorBoundary key={pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </RouteErrorBoundary>
        )}
      </main>
    </div>
  );
}
