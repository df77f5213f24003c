import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Switch } from 'react-aria-components';
import { StatementsSetSubscriptionDocument, StatementsSubscriptionDocument } from './statements.generated';
import { ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { StandardOnly, StatementsNav } from './Guard';

export default function Subscriptions() {
  const { t } = useTranslation('statements');
  return (
    <StandardOnly title={t('subs.title')}>
      <SubscriptionsScreen />
    </StandardOnly>
  );
}

function SubscriptionsScreen() {
  const { t } = useTranslation('statements');
  const online = useOnline();
  const [{ data, fetching, error }, refetch] = useQuery({ query: StatementsSubscriptionDocument });
  const [saving, save] = useMutation(StatementsSetSubscriptionDocument);
  const [override, setOverride] = useState<{ fines: boolean; taxes: boolean } | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const cur = override ?? data?.chargeSubscription ?? null;

  const toggle = async (key: 'fines' | 'taxes', on: boolean) => {
    if (!cur) return;
    const next = { fines: cur.fines, taxes: cur.taxes, [key]: on };
    setOverride(next);
    const res = await save({ input: next });
    if (res.error || !res.data) {
      setOverride(null);
      setErrors([describeError(res.error, t) ?? t('common:state.error')]);
      return;
    }
    setErrors([]);
    setOverride({ fines: res.data.setChargeSubscription.fines, taxes: res.data.setChargeSubscription.taxes });
  };

  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('subs.title')}</h1>
      <StatementsNav />
      <p className="lead">{t('subs.lead')}</p>
      {fetching && !data && <Loading />}
      {error && !data && <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      <FormErrorList messages={errors} />
      {cur && (
        <div className="card">
          {(['fines', 'taxes'] as const).map((k) => (
            <Switch
              key={k}
              className="radio"
              style={{ display: 'flex', gap: '0.75rem', marginBottom: '0.5rem' }}
              isSelected={cur[k]}
              isDisabled={!online || saving.fetching}
              onChange={(on) => void toggle(k, on)}
            >
              <span aria-hidden="true">{cur[k] ? '●' : '○'}</span>
              {t(`subs.${k}`)}
            </Switch>
          ))}
          <p className="note" role="status">
            {cur.fines || cur.taxes ? t('subs.on') : t('subs.off')}
          </p>
        </div>
      )}
    </div>
  );
}
