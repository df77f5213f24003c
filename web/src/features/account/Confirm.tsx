import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import {
  AccountConfirmationLetterDocument,
  AccountPersonalDataDocument,
  AccountServiceCentresDocument,
  ConfirmWithLetterCodeDocument,
  ConfirmWithSignatureDocument,
  RequestConfirmationLetterDocument,
  StartSignatureConfirmationDocument,
  type LetterFieldsFragment,
} from './accountMore.generated';
import { CatalogRegionsDocument } from '../catalog/catalog.generated';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { useCountdown } from '../../lib/forms/useCountdown';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';
import { refreshSession } from '../../lib/auth/session';
import { SelectField, SignedOutNote, TextAreaField, useFormatTime } from './common';

/** In person: the centres of a region and what to bring. */
function ServiceCentres({ defaultRegion }: { defaultRegion: string }) {
  const { t } = useTranslation('account');
  const [region, setRegion] = useState(defaultRegion);
  const [regions] = useQuery({ query: CatalogRegionsDocument });
  const [centres, refetch] = useQuery({ query: AccountServiceCentresDocument, variables: { regionCode: region }, pause: !region });
  return (
    <section className="card" aria-labelledby="c-centre">
      <h2 id="c-centre">{t('confirm.centre.title')}</h2>
      <p>{t('confirm.centre.how')}</p>
      <SelectField
        label={t('confirm.centre.region')}
        name="centreRegion"
        value={region}
        onChange={setRegion}
        options={[
          { value: '', label: t('personal.choose') },
          ...(regions.data?.regions ?? []).map((r) => ({ value: r.code, label: `${r.code} — ${r.name}` })),
        ]}
      />
      {region &&
        (centres.fetching && !centres.data ? (
          <Loading />
        ) : centres.error && !centres.data ? (
          <ErrorState error={centres.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : (centres.data?.serviceCentres.length ?? 0) === 0 ? (
          <Empty title={t('confirm.centre.none')} />
        ) : (
          <ul className="link-list" aria-label={t('confirm.centre.list')} data-testid="centres">
            {centres.data?.serviceCentres.map((c) => (
              <li key={c.code}>
                <strong>{c.name}</strong>
                <br />
                {c.address}
                <br />
                <span className="note">{c.hours}</span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function LetterView({ letter }: { letter: LetterFieldsFragment }) {
  const { t } = useTranslation('account');
  const fmt = useFormatTime();
  return (
    <div data-testid="letter">
      <dl className="facts">
        <div>
          <dt>{t('confirm.mail.to')}</dt>
          <dd>
            {letter.postalCode}, {letter.address}
          </dd>
        </div>
        <div>
          <dt>{t('confirm.mail.requestedAt')}</dt>
          <dd>{fmt(letter.requestedAt)}</dd>
        </div>
        <div>
          <dt>{t('confirm.mail.tracking')}</dt>
          <dd data-testid="tracking-number">{letter.trackingNumber ?? t('confirm.mail.notSent')}</dd>
        </div>
        <div>
          <dt>{t('confirm.mail.nextAfter')}</dt>
          <dd>{fmt(letter.nextLetterAfter)}</dd>
        </div>
      </dl>
      <h3>{t('confirm.mail.trackingTitle')}</h3>
      {letter.tracking.length === 0 ? (
        <p className="note">{t('confirm.mail.noTracking')}</p>
      ) : (
        <ol className="link-list">
          {letter.tracking.map((e) => (
            <li key={`${e.status}-${e.at}`}>
              {fmt(e.at)} — {t(`confirm.mail.status.${e.status}`)}: {e.message}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** Registered mail: order a letter, follow it, enter its code (STANDARD accounts). */
function RegisteredMail({ standard }: { standard: boolean }) {
  const { t } = useTranslation('account');
  const [res, refetch] = useQuery({ query: AccountConfirmationLetterDocument, pause: !standard, requestPolicy: 'cache-and-network' });
  const [{ fetching: ordering }, order] = useMutation(RequestConfirmationLetterDocument);
  const [{ fetching: confirming }, confirm] = useMutation(ConfirmWithLetterCodeDocument);
  const [v, setV] = useState({ postalCode: '', address: '' });
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [codeErrors, setCodeErrors] = useState<FormErrors>(noErrors);
  const letter = res.data?.confirmationLetter;
  const waiting = !!letter && !letter.trackingNumber;
  const nextLetterIn = useCountdown(letter?.nextLetterAfter);
  useEffect(() => {
    if (!waiting) return;
    const id = setInterval(() => refetch({ requestPolicy: 'network-only' }), 3_000);
    return () => clearInterval(id);
  }, [waiting, refetch]);

  if (!standard) {
    return (
      <section className="card" aria-labelledby="c-mail">
        <h2 id="c-mail">{t('confirm.mail.title')}</h2>
        <p>{t('confirm.mail.how')}</p>
        <p className="note">{t('confirm.mail.needsStandard')}</p>
      </section>
    );
  }
  const submitOrder = async (e: FormEvent) => {
    e.preventDefault();
    const r = await order({ input: { postalCode: v.postalCode.trim(), address: v.address.trim() } });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.requestConfirmationLetter;
    if (p?.letter) {
      setErrors(noErrors);
      refetch({ requestPolicy: 'network-only' });
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['postalCode', 'address']));
  };
  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    const r = await confirm({ input: { code: code.trim() } });
    if (r.error) return setCodeErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.confirmWithLetterCode;
    if (p?.account) {
      setCodeErrors(noErrors);
      await refreshSession();
      return;
    }
    setCodeErrors(mapUserErrors(p?.userErrors, ['code']));
  };
  const canOrderAgain = !letter || nextLetterIn <= 0;
  return (
    <section className="card" aria-labelledby="c-mail">
      <h2 id="c-mail">{t('confirm.mail.title')}</h2>
      <p>{t('confirm.mail.how')}</p>
      {res.fetching && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : (
        <>
          {letter && <LetterView letter={letter} />}
          {letter && (
            <Form className="form" onSubmit={(e) => void submitCode(e)} aria-label={t('confirm.mail.codeForm')}>
              <FormErrorList messages={codeErrors.form} />
              <TextField
                label={t('confirm.mail.code')}
                description={t('confirm.mail.codeHint')}
                name="letterCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                isRequired
                value={code}
                onChange={setCode}
                error={codeErrors.fields.code}
              />
              <Button type="submit" className="button button-primary" isDisabled={confirming}>
                {t('confirm.mail.confirm')}
              </Button>
            </Form>
          )}
          {canOrderAgain && (
            <Form className="form" onSubmit={(e) => void submitOrder(e)} aria-label={t('confirm.mail.orderForm')}>
              <FormErrorList messages={errors.form} />
              <TextField
                label={t('confirm.mail.postalCode')}
                name="postalCode"
                inputMode="numeric"
                autoComplete="postal-code"
                isRequired
                value={v.postalCode}
                onChange={(postalCode) => setV({ ...v, postalCode })}
                error={errors.fields.postalCode}
              />
              <TextField
                label={t('confirm.mail.address')}
                description={t('confirm.mail.addressHint')}
                name="postalAddress"
                autoComplete="street-address"
                isRequired
                value={v.address}
                onChange={(address) => setV({ ...v, address })}
                error={errors.fields.address}
              />
              <Button type="submit" className="button button-primary" isDisabled={ordering}>
                {t('confirm.mail.order')}
              </Button>
            </Form>
          )}
        </>
      )}
    </section>
  );
}

/** Qualified electronic signature: sign the one-use text with the certificate's key. */
function Signature() {
  const { t } = useTranslation('account');
  const fmt = useFormatTime();
  const [{ fetching: starting, data, error: startError }, start] = useMutation(StartSignatureConfirmationDocument);
  const [{ fetching }, confirm] = useMutation(ConfirmWithSignatureDocument);
  const [v, setV] = useState({ signature: '', certificate: '', chain: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const challenge = data?.startSignatureConfirmation.challenge;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!challenge) return;
    const r = await confirm({
      input: { challengeId: challenge.id, signature: v.signature.trim(), certificate: v.certificate.trim(), chain: v.chain.trim() || null },
    });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.confirmWithSignature;
    if (p?.account) {
      setErrors(noErrors);
      await refreshSession();
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['signature', 'certificate', 'chain'], { challengeId: 'signature' }));
  };
  const startErrors = [
    ...(startError ? [describeError(startError, t) ?? ''] : []),
    ...(data?.startSignatureConfirmation.userErrors.map((e) => e.message) ?? []),
  ];
  return (
    <section className="card" aria-labelledby="c-sign">
      <h2 id="c-sign">{t('confirm.sign.title')}</h2>
      <p>{t('confirm.sign.how')}</p>
      <p className="note">{t('confirm.sign.algorithms')}</p>
      <FormErrorList messages={startErrors} />
      <Button className="button button-secondary" onPress={() => void start({})} isDisabled={starting}>
        {challenge ? t('confirm.sign.restart') : t('confirm.sign.start')}
      </Button>
      {challenge && (
        <Form className="form" onSubmit={(e) => void submit(e)} aria-label={t('confirm.sign.form')}>
          <p>{t('confirm.sign.text', { time: fmt(challenge.expiresAt) })}</p>
          <pre className="card" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="challenge">
            {challenge.text}
          </pre>
          <FormErrorList messages={errors.form} />
          <TextAreaField
            label={t('confirm.sign.signature')}
            description={t('confirm.sign.signatureHint')}
            name="signature"
            required
            value={v.signature}
            onChange={(signature) => setV({ ...v, signature })}
            error={errors.fields.signature}
          />
          <TextAreaField
            label={t('confirm.sign.certificate')}
            name="certificate"
            required
            value={v.certificate}
            onChange={(certificate) => setV({ ...v, certificate })}
            error={errors.fields.certificate}
          />
          <TextAreaField
            label={t('confirm.sign.chain')}
            name="chain"
            value={v.chain}
            onChange={(chain) => setV({ ...v, chain })}
            error={errors.fields.chain}
          />
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t('confirm.sign.submit')}
          </Button>
        </Form>
      )}
    </section>
  );
}

/** /account/confirm: the three ways from STANDARD to CONFIRMED. */
export default function Confirm() {
  const { t } = useTranslation('account');
  const session = useSession();
  const signedIn = session.status === 'signedIn' && !!session.account;
  const [pd] = useQuery({ query: AccountPersonalDataDocument, pause: !signedIn });
  if (!signedIn) return <SignedOutNote title={t('confirm.title')} />;
  const tier = session.account!.tier;
  return (
    <div className="page page-narrow">
      <p>
        <Link to="/account">← {t('account.title')}</Link>
      </p>
      <h1 id="page-title">{t('confirm.title')}</h1>
      <p>
        {t('account.tier')}:{' '}
        <span className={`tier-badge tier-${tier.toLowerCase()}`} data-testid="account-tier">
          {t(`common:tier.${tier}`)}
        </span>
      </p>
      {tier === 'CONFIRMED' ? (
        <p className="form-info" role="status">
          {t('confirm.done', { method: t(`confirm.methods.${session.account!.confirmationMethod}`) })}
        </p>
      ) : (
        <p className="lead">{tier === 'SIMPLIFIED' ? t('confirm.leadSimplified') : t('confirm.lead')}</p>
      )}
      {tier === 'SIMPLIFIED' && (
        <p>
          <Link to="/account/personal">{t('account.links.personal')}</Link>
        </p>
      )}
      {tier !== 'CONFIRMED' && (
        <>
          <ServiceCentres key={pd.data?.personalData?.regionCode ?? ''} defaultRegion={pd.data?.personalData?.regionCode ?? ''} />
          <RegisteredMail standard={tier === 'STANDARD'} />
          <Signature />
        </>
      )}
    </div>
  );
}
