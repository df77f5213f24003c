import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../gql/types';
import { useSession } from '../../lib/auth/useSession';
import { Loading } from '../../lib/ui/StateViews';
import './work.css';

/**
 * A workspace's door: its screens render only for an account holding role.
 * The API refuses every staff query and mutation to anyone else anyway;
 * this only spares a citizen a screen of FORBIDDEN errors.
 */
export function RoleGate({ need: role, children }: { need: Role; children: ReactNode }) {
  const { t } = useTranslation('work');
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading />;
  const title = t(`workspace.${role}`);
  if (session.status !== 'signedIn' || !session.account) {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{title}</h1>
        <p>{t('signedOut')}</p>
        <Link className="button button-primary" to="/signin" state={{ from: location.pathname + location.search }}>
          {t('common:signIn')}
        </Link>
      </div>
    );
  }
  if (!session.account.roles.includes(role)) {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{title}</h1>
        <p role="alert" data-testid="forbidden">
          {t('forbidden', { role: title })}
        </p>
        <Link to="/work">{t('toWorkspaces')}</Link>
      </div>
    );
  }
  return <>{children}</>;
}
