import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/auth/useSession';
import { Loading } from '../../lib/ui/StateViews';
import { WORKSPACES } from './roles';

/** /work: the workspaces of the signed-in account's staff roles. */
export default function Workspaces() {
  const { t } = useTranslation('work');
  const session = useSession();
  if (session.status === 'restoring') return <Loading />;
  const roles = session.account?.roles ?? [];
  const mine = WORKSPACES.filter((w) => roles.includes(w.role));
  return (
    <div className="page">
      <h1 id="page-title">{t('title')}</h1>
      {mine.length === 0 ? (
        <p>{session.status === 'signedIn' ? t('none') : t('signedOut')}</p>
      ) : (
        <>
          <p>{t('intro')}</p>
          <ul className="card-list">
            {mine.map((w) => (
              <li key={w.role} className="card">
                <Link to={w.path} className="card-title">
                  {t(`workspace.${w.role}`)}
                </Link>
                <p>{t(`describe.${w.role}`)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
