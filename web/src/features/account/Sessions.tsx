import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { AccountSessionsDocument, RevokeSessionDocument } from './accountMore.generated';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';
import { SignedOutNote, useFormatTime } from './common';

/** /account/sessions: the devices signed in, each revocable but this one. */
export default function Sessions() {
  const { t } = useTranslation('account');
  const session = useSession();
  const signedIn = session.status === 'signedIn' && !!session.account;
  const [res, refetch] = useQuery({ query: AccountSessionsDocument, pause: !signedIn, requestPolicy: 'cache-and-network' });
  const [{ fetching }, revoke] = useMutation(RevokeSessionDocument);
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState('');
  const fmt = useFormatTime();
  if (!signedIn) return <SignedOutNote title={t('sessions.title')} />;
  const list = (res.data?.sessions ?? []).filter((s) => s.active);
  const onRevoke = async (id: string, device: string) => {
    const r = await revoke({ input: { sessionId: id } });
    if (r.error) return setErrors([describeError(r.error, t) ?? '']);
    const p = r.data?.revokeSession;
    if (p?.ok) {
      setErrors([]);
      setDone(t('sessions.revoked', { device }));
      refetch({ requestPolicy: 'network-only' });
    } else setErrors(p?.userErrors.map((e) => e.message) ?? []);
  };
  return (
    <div className="page page-narrow">
      <p>
        <Link to="/account">← {t('account.title')}</Link>
      </p>
      <h1 id="page-title">{t('sessions.title')}</h1>
      <p className="lead">{t('sessions.lead')}</p>
      <FormErrorList messages={errors} />
      <p className="form-info" role="status">
        {done}
      </p>
      {res.fetching && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : list.length === 0 ? (
        <Empty />
      ) : (
        <ul className="link-list" data-testid="sessions">
          {list.map((s) => (
            <li key={s.id} className="card">
              <strong>{s.device || t('sessions.unknownDevice')}</strong>
              {s.current && <span className="chip"> {t('sessions.current')}</span>}
              <dl className="facts">
                <div>
                  <dt>{t('sessions.ip')}</dt>
                  <dd>{s.ip}</dd>
                </div>
                <div>
                  <dt>{t('sessions.createdAt')}</dt>
                  <dd>{fmt(s.createdAt)}</dd>
                </div>
                <div>
                  <dt>{t('sessions.lastUsedAt')}</dt>
                  <dd>{fmt(s.lastUsedAt)}</dd>
                </div>
              </dl>
              {!s.current && (
                <Button className="button button-secondary" isDisabled={fetching} onPress={() => void onRevoke(s.id, s.device)}>
                  {t('sessions.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
