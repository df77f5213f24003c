import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Button } from 'react-aria-components';
import { useSession } from '../../lib/auth/useSession';
import { clearSession } from '../../lib/auth/session';
import { SignOutDocument } from '../../lib/auth/auth.generated';

/** Minimal account screen (phase 1): who is signed in and the account's tier. */
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
        {a.tier !== 'CONFIRMED' && <p className="note">{t('account.next')}</p>}
      </section>
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
