import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import {
  OperatorCitizenDocument,
  OperatorConfirmIdentityDocument,
  type OperatorCitizenQuery,
} from './operator.generated';
import { formatBirthDate } from './format';
import { formatSnils, snilsDigits } from '../../lib/forms/snils';
import { DuplicateSection } from './Duplicate';
import { WorkNav } from './nav';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';

export type Citizen = NonNullable<OperatorCitizenQuery['citizenBySnils']>;

/** What the confirmation answered: the citizen's new tier and method. */
interface Confirmed {
  accountId: string;
  tier: Citizen['tier'];
  method: Citizen['confirmationMethod'];
}

/** The citizen's card: who he is and how far his account goes. */
function CitizenCard({ citizen, headingRef }: { citizen: Citizen; headingRef: React.Ref<HTMLHeadingElement> }) {
  const { t, i18n } = useTranslation('operator');
  const name = [citizen.lastName, citizen.firstName, citizen.patronymic].filter(Boolean).join(' ');
  return (
    <section className="card citizen-card" aria-labelledby="citizen-name" data-testid="citizen-card">
      <p className="note">{t('card.title')}</p>
      <h2 id="citizen-name" ref={headingRef} tabIndex={-1}>
        {name}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('card.birthDate')}</dt>
          <dd>{formatBirthDate(citizen.birthDate, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('card.tier')}</dt>
          <dd>
            <span className={`tier-badge tier-${citizen.tier.toLowerCase()}`} data-testid="citizen-tier">
              {t(`common:tier.${citizen.tier}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('card.method')}</dt>
          <dd data-testid="citizen-method">{t(`method.${citizen.confirmationMethod}`)}</dd>
        </div>
        <div>
          <dt>{t('card.documentKind')}</dt>
          <dd>{t(`documentKind.${citizen.documentKind}`)}</dd>
        </div>
        <div>
          <dt>{t('card.verified')}</dt>
          <dd>
            <span className={citizen.verified ? 'status-ok' : 'status-no'}>
              {citizen.verified ? t('card.verifiedYes') : t('card.verifiedNo')}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * In-person confirmation: the operator types the series and number from the
 * document in the citizen's hands; they must be those the agencies verified.
 */
function ConfirmIdentity({ citizen, onConfirmed }: { citizen: Citizen; onConfirmed: (c: Confirmed) => void }) {
  const { t } = useTranslation('operator');
  const [{ fetching }, confirm] = useMutation(OperatorConfirmIdentityDocument);
  const [series, setSeries] = useState('');
  const [number, setNumber] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const seriesNeeded = citizen.documentKind === 'RF_PASSPORT';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (seriesNeeded && !series.trim()) local.documentSeries = t('dup.required');
    if (!number.trim()) local.documentNumber = t('dup.required');
    if (Object.keys(local).length) return setErrors({ fields: local, form: [] });
    const r = await confirm({
      input: { accountId: citizen.accountId, documentSeries: series.trim() || null, documentNumber: number.trim() },
    });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.confirmIdentityInPerson;
    if (p?.account) {
      setErrors(noErrors);
      onConfirmed({ accountId: citizen.accountId, tier: p.account.tier, method: p.account.confirmationMethod });
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['documentSeries', 'documentNumber']));
  };

  return (
    <section className="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('confirm.title')}</h2>
      <p>{t('confirm.how')}</p>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="confirm-title">
        <FormErrorList messages={errors.form} />
        <div className="form-grid">
          <TextField
            label={t('confirm.series')}
            description={seriesNeeded ? t('confirm.seriesHint') : undefined}
            name="documentSeries"
            autoComplete="off"
            inputMode={seriesNeeded ? 'numeric' : 'text'}
            isRequired={seriesNeeded}
            value={series}
            onChange={setSeries}
            error={errors.fields.documentSeries}
          />
          <TextField
            label={t('confirm.number')}
            name="documentNumber"
            autoComplete="off"
            inputMode={seriesNeeded ? 'numeric' : 'text'}
            isRequired
            value={number}
            onChange={setNumber}
            error={errors.fields.documentNumber}
          />
        </div>
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {fetching ? t('confirm.submitting') : t('confirm.submit')}
        </Button>
      </Form>
    </section>
  );
}

/** What the operator can do about the identity: the form, or why not. */
function IdentitySection({
  citizen,
  confirmedNow,
  onConfirmed,
}: {
  citizen: Citizen;
  confirmedNow: boolean;
  onConfirmed: (c: Confirmed) => void;
}) {
  const { t } = useTranslation('operator');
  if (confirmedNow) {
    return (
      <div className="card op-success" role="status" data-testid="confirm-done">
        <p>{t('confirm.done', { tier: t(`common:tier.${citizen.tier}`) })}</p>
      </div>
    );
  }
  let why: string | null = null;
  if (citizen.tier === 'CONFIRMED') why = t('confirm.already', { method: t(`method.${citizen.confirmationMethod}`).toLowerCase() });
  else if (!citizen.verified) why = t(citizen.tier === 'SIMPLIFIED' ? 'confirm.simplified' : 'confirm.notVerified');
  if (why) {
    return (
      <section className="card" aria-labelledby="confirm-title">
        <h2 id="confirm-title">{t('confirm.title')}</h2>
        <p data-testid="confirm-unavailable">{why}</p>
      </section>
    );
  }
  return <ConfirmIdentity citizen={citizen} onConfirmed={onConfirmed} />;
}

/** /work/operator: find the citizen at the desk by SNILS, confirm his identity, make a duplicate. */
export default function CitizenPage() {
  const { t } = useTranslation('operator');
  const [params, setParams] = useSearchParams();
  const snils = params.get('snils') ?? '';
  const [typed, setTyped] = useState(snils);
  const [localError, setLocalError] = useState<string | undefined>();
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const justSearched = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [res, refetch] = useQuery({
    query: OperatorCitizenDocument,
    variables: { snils },
    pause: snilsDigits(snils).length !== 11,
    requestPolicy: 'cache-and-network',
  });
  const found = res.data?.citizenBySnils ?? null;
  // Until the card is fetched again, the confirmation's answer says the new tier.
  const citizen =
    found && confirmed?.accountId === found.accountId
      ? { ...found, tier: confirmed.tier, confirmationMethod: confirmed.method }
      : found;
  const apiError = res.error?.graphQLErrors[0];
  const snilsError = localError ?? (apiError?.extensions?.field === 'snils' ? apiError.message : undefined);
  const searched = snilsDigits(snils).length === 11;

  // The card takes focus after a search, so Tab goes on into the confirmation.
  const foundId = found?.accountId;
  // Before paint, so nothing typed meanwhile lands elsewhere.
  useLayoutEffect(() => {
    if (foundId && justSearched.current) {
      justSearched.current = false;
      heading.current?.focus();
    }
  }, [foundId, res.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const digits = snilsDigits(typed);
    if (digits.length !== 11) {
      setLocalError(t('search.incomplete'));
      return;
    }
    setLocalError(undefined);
    setConfirmed(null);
    justSearched.current = true;
    const formatted = formatSnils(digits);
    if (formatted === snils) refetch({ requestPolicy: 'network-only' });
    else setParams({ snils: formatted });
  };

  return (
    <div className="page op-page">
      <h1 id="page-title">{t('title')}</h1>
      <WorkNav />
      <section aria-labelledby="search-title">
        <h2 id="search-title" className="visually-hidden">
          {t('search.title')}
        </h2>
        <Form className="form op-search" onSubmit={submit} aria-labelledby="search-title" role="search">
          <TextField
            label={t('search.snils')}
            description={t('search.snilsHint')}
            name="snils"
            inputMode="numeric"
            autoComplete="off"
            placeholder="123-456-789 01"
            value={typed}
            onChange={(v) => {
              setTyped(formatSnils(v));
              setLocalError(undefined);
            }}
            error={snilsError}
            autoFocus={!snils}
          />
          <Button type="submit" className="button button-primary">
            {t('search.find')}
          </Button>
        </Form>
      </section>
      <div aria-live="polite">
        {searched && res.fetching && !res.data && !res.error && <Loading label={t('search.searching')} />}
        {searched && res.error && !snilsError && (
          <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        )}
        {searched && res.data && !citizen && (
          <p className="card op-notice" role="alert" data-testid="citizen-not-found">
            {t('search.notFound', { snils })}
          </p>
        )}
      </div>
      {searched && citizen && (
        <>
          <CitizenCard citizen={citizen} headingRef={heading} />
          <IdentitySection
            citizen={citizen}
            confirmedNow={confirmed?.accountId === citizen.accountId}
            onConfirmed={(c) => {
              setConfirmed(c);
              refetch({ requestPolicy: 'network-only' });
            }}
          />
          <DuplicateSection key={citizen.accountId} citizen={citizen} />
        </>
      )}
    </div>
  );
}
