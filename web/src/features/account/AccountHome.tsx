import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button } from 'react-aria-components';
import { useSession } from '../../lib/auth/useSession';
import { clearSession } from '../../lib/auth/session';
import { SignOutDocument } from '../../lib/auth/auth.generated';
import { useLiveVerification, VerificationProgress } from './Verification';

const LINKS = [
  { to: '/account/personal', key: 'personal' },
  { to: '/account/confirm', key: 'confirm' },
  { to: '/account/sessions', key: 'sessions' },
  { to: '/account/family', key: 'family' },
  { to: '/notifications/settings', key: 'notifications' },
] as const;

/** The latest verification while it runs or after it failed; refreshes the tier on success. */
function VerificationNote() {
  const { verification, live, retry } = useLiveVerification(null);
  if (!verification || verification.status === 'SUCCEEDED' || verification.status === 'CANCELLED') return null;
  return <VerificationProgress verification={verification} live={live} onRetry={retry} />;
}

/** The account: who is signed in, the tier (updated live after verification), and its sections. */
export default function AccountHome() {
  const { t } = useTranslation('account');
  const session = useSession();
  const navigate = useNavigate();
  const [{ fetching }, signOut] = useMutation(SignOutDocument);
  const a = session.account;
  if (session.status !== 'signedIn' || !a) {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{t('account.title')}</h1>
        <p>{t('account.signedOut')}</p>
        <div className="button-row">
          <Link className="button button-primary" to="/signin">
            {t('common:signIn')}
          </Link>
          <Link className="button button-secondary" to="/register">
            {t('common:register')}
          </Link>
        </div>
      </div>
    );
  }
  const name = [a.lastName, a.firstName, a.patronymic].filter(Boolean).join(' ');
  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('account.title')}</h1>
      <section className="card" aria-labelledby="who">
        <h2 id="who">{name}</h2>
        <dl className="facts">
          {a.phone && (
            <div>
              <dt>{t('account.phone')}</dt>
              <dd>{a.phone}</dd>
            </div>
          )}
          {a.email && (
            <div>
              <dt>{t('account.email')}</dt>
              <dd>{a.email}</dd>
            </div>
          )}
          <div>
            <dt>{t('account.tier')}</dt>
            <dd>
              <span className={`tier-badge tier-${a.tier.toLowerCase()}`} data-testid="account-tier">
                {t(`common:tier.${a.tier}`)}
              </span>
            </dd>
          </div>
        </dl>
        <p>{t(`account.tierAbout.${a.tier}`)}</p>
        {a.tier === 'SIMPLIFIED' && (
          <p className="note">
            {t('account.next')} <Link to="/account/personal">{t('account.links.personal')}</Link>
          </p>
        )}
        {a.tier === 'STANDARD' && (
          <p className="note">
            {t('account.nextConfirm')} <Link to="/account/confirm">{t('account.links.confirm')}</Link>
          </p>
        )}
      </section>
      <VerificationNote />
      <nav aria-label={t('account.sections')}>
        <ul className="link-list">
          {LINKS.map((l) => (
            <li key={l.to}>
              <Link to={l.to}>{t(`account.links.${l.key}`)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <Button
        className="button button-secondary"
        isDisabled={fetching}
        onPress={async () => {
          await signOut({}).catch(() => undefined);
          clearSession();
          void navigate('/');
        }}
      >
        {t('account.signOut')}
      </Button>
    </div>
  );
}
