import type { ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/auth/useSession';
import { Loading } from '../../lib/ui/StateViews';

/** The statements' sections, as a row of links under each screen's title. */
export function StatementsNav() {
  const { t } = useTranslation('statements');
  const items = [
    ['/statements/fines', 'nav.fines'],
    ['/statements/taxes', 'nav.taxes'],
    ['/statements/pension', 'nav.pension'],
    ['/statements/receipts', 'nav.receipts'],
    ['/statements/subscriptions', 'nav.subscriptions'],
  ] as const;
  return (
    <nav aria-label={t('nav.label')}>
      <ul className="segmented" style={{ display: 'flex', maxWidth: '100%', overflowX: 'auto' }}>
        {items.map(([to, key]) => (
          <li key={to}>
            <NavLink className="segment" to={to} style={{ whiteSpace: 'nowrap' }}>
              {t(key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Statements need a STANDARD account: signed out, the citizen is sent to
 * sign in (and back); SIMPLIFIED, he is told to verify his personal data.
 */
export function StandardOnly({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation('statements');
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') {
    return (
      <div className="page">
        <h1 id="page-title">{title}</h1>
        <Loading />
      </div>
    );
  }
  if (session.status !== 'signedIn' || !session.account) {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{title}</h1>
        <p>{t('guard.signedOut')}</p>
        <div className="button-row">
          <Link className="button button-primary" to="/signin" state={{ from: location.pathname + location.search }}>
            {t('common:signIn')}
          </Link>
          <Link className="button button-secondary" to="/register">
            {t('common:register')}
          </Link>
        </div>
      </div>
    );
  }
  if (session.account.tier === 'SIMPLIFIED') {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{title}</h1>
        <div className="card access-no">
          <p>{t('guard.simplified')}</p>
          <Link className="button button-primary" to="/account">
            {t('guard.verify')}
          </Link>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

/** Shown when an agency's answer is old or missing. */
export function Freshness({
  checkedAt,
  stale,
  unavailable,
  lang,
  format,
}: {
  checkedAt: string | null;
  stale: boolean;
  unavailable: readonly string[];
  lang: string;
  format: (iso: string, lang: string, withTime?: boolean) => string;
}) {
  const { t } = useTranslation('statements');
  return (
    <>
      {unavailable.length > 0 && (
        <p className="form-errors" role="alert">
          {t('unavailable', { sources: unavailable.map((s) => t(`source.${s}`)).join(', ') })}
        </p>
      )}
      {checkedAt && (
        <p className="note">
          {t('checkedAt', { when: format(checkedAt, lang, true) })}
          {stale ? ` ${t('stale')}` : ''}
        </p>
      )}
    </>
  );
}
