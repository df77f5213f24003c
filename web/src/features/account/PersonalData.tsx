import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import { AccountPersonalDataDocument, SubmitPersonalDataDocument, type PersonalDataFieldsFragment } from './accountMore.generated';
import { CatalogRegionsDocument } from '../catalog/catalog.generated';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';
import { useLiveVerification, VerificationProgress } from './Verification';
import { SelectField, SignedOutNote } from './common';

const FIELDS = [
  'lastName',
  'firstName',
  'patronymic',
  'birthDate',
  'sex',
  'citizenship',
  'documentKind',
  'documentSeries',
  'documentNumber',
  'documentIssuedOn',
  'documentIssuerCode',
  'snils',
  'birthPlace',
  'regionCode',
  'municipalityOktmo',
  'address',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

/** The API's input names (document.series …) → the form's fields. */
const ALIASES: Record<string, Field> = {
  'document.kind': 'documentKind',
  'document.series': 'documentSeries',
  'document.number': 'documentNumber',
  'document.issuedOn': 'documentIssuedOn',
  'document.issuerCode': 'documentIssuerCode',
  'address.regionCode': 'regionCode',
  'address.municipalityOktmo': 'municipalityOktmo',
  'address.street': 'address',
  street: 'address',
  series: 'documentSeries',
  number: 'documentNumber',
  issuerCode: 'documentIssuerCode',
  issuedOn: 'documentIssuedOn',
};

function initialValues(p: PersonalDataFieldsFragment | null | undefined, name: { lastName: string; firstName: string; patronymic: string }): Values {
  return {
    lastName: p?.lastName ?? name.lastName,
    firstName: p?.firstName ?? name.firstName,
    patronymic: p?.patronymic ?? name.patronymic,
    birthDate: p?.birthDate ?? '',
    sex: p?.sex ?? '',
    citizenship: p?.citizenship ?? 'RUS',
    documentKind: p?.documentKind ?? 'RF_PASSPORT',
    documentSeries: p?.documentSeries ?? '',
    documentNumber: p?.documentNumber ?? '',
    documentIssuedOn: p?.documentIssuedOn ?? '',
    documentIssuerCode: p?.documentIssuerCode ?? '',
    snils: p?.snils ?? '',
    birthPlace: p?.birthPlace ?? '',
    regionCode: p?.regionCode ?? '',
    municipalityOktmo: p?.municipalityOktmo ?? '',
    address: p?.address ?? '',
  };
}

function PersonalForm({ initial, onSubmitted }: { initial: Values; onSubmitted: () => void }) {
  const { t } = useTranslation('account');
  const [v, setV] = useState<Values>(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, submit] = useMutation(SubmitPersonalDataDocument);
  const [regions] = useQuery({ query: CatalogRegionsDocument });
  const set = (k: Field) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const opt = (s: string) => (s.trim() === '' ? null : s.trim());
  const rf = v.documentKind === 'RF_PASSPORT';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await submit({
      input: {
        lastName: v.lastName.trim(),
        firstName: v.firstName.trim(),
        patronymic: opt(v.patronymic),
        birthDate: v.birthDate,
        sex: (v.sex || 'MALE') as 'MALE' | 'FEMALE',
        citizenship: v.citizenship.trim(),
        document: {
          kind: v.documentKind as 'RF_PASSPORT' | 'FOREIGN_PASSPORT',
          series: opt(v.documentSeries),
          number: v.documentNumber.trim(),
          issuedOn: v.documentIssuedOn,
          issuerCode: opt(v.documentIssuerCode),
        },
        snils: opt(v.snils),
        birthPlace: v.birthPlace.trim(),
        address: { regionCode: v.regionCode, municipalityOktmo: opt(v.municipalityOktmo), street: v.address.trim() },
      },
    });
    if (res.error) return setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    const p = res.data?.submitPersonalData;
    if (p?.verification) {
      setErrors(noErrors);
      onSubmitted();
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, FIELDS, ALIASES));
  };

  const text = (k: Field, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField label={t(`personal.${k}`)} name={k} value={v[k]} onChange={set(k)} error={errors.fields[k]} {...extra} />
  );

  return (
    <Form className="form" onSubmit={(e) => void onSubmit(e)} aria-labelledby="personal-form-title">
      <h2 id="personal-form-title">{t('personal.formTitle')}</h2>
      <FormErrorList messages={errors.form} />
      {text('lastName', { isRequired: true, autoComplete: 'family-name' })}
      {text('firstName', { isRequired: true, autoComplete: 'given-name' })}
      {text('patronymic', { autoComplete: 'additional-name' })}
      {text('birthDate', { isRequired: true, type: 'date', autoComplete: 'bday' } as never)}
      <SelectField
        label={t('personal.sex')}
        name="sex"
        value={v.sex}
        onChange={set('sex')}
        error={errors.fields.sex}
        required
        options={[
          { value: '', label: t('personal.choose') },
          { value: 'MALE', label: t('personal.sexes.MALE') },
          { value: 'FEMALE', label: t('personal.sexes.FEMALE') },
        ]}
      />
      {text('citizenship', { isRequired: true, description: t('personal.citizenshipHint') })}
      <SelectField
        label={t('personal.documentKind')}
        name="documentKind"
        value={v.documentKind}
        onChange={set('documentKind')}
        error={errors.fields.documentKind}
        options={[
          { value: 'RF_PASSPORT', label: t('personal.kinds.RF_PASSPORT') },
          { value: 'FOREIGN_PASSPORT', label: t('personal.kinds.FOREIGN_PASSPORT') },
        ]}
      />
      {text('documentSeries', { inputMode: rf ? 'numeric' : 'text', description: rf ? t('personal.seriesHint') : undefined })}
      {text('documentNumber', { isRequired: true, inputMode: rf ? 'numeric' : 'text', description: rf ? t('personal.numberHint') : undefined })}
      {text('documentIssuedOn', { isRequired: true, type: 'date' } as never)}
      {rf && text('documentIssuerCode', { description: t('personal.issuerCodeHint') })}
      {text('snils', { inputMode: 'numeric', description: t('personal.snilsHint'), isRequired: v.citizenship.trim().toUpperCase() === 'RUS' })}
      {text('birthPlace', { isRequired: true })}
      <SelectField
        label={t('personal.regionCode')}
        name="regionCode"
        value={v.regionCode}
        onChange={set('regionCode')}
        error={errors.fields.regionCode}
        required
        options={[
          { value: '', label: t('personal.choose') },
          ...(regions.data?.regions ?? []).map((r) => ({ value: r.code, label: `${r.code} — ${r.name}` })),
        ]}
      />
      {text('municipalityOktmo', { inputMode: 'numeric', description: t('personal.oktmoHint') })}
      {text('address', { isRequired: true, autoComplete: 'street-address', description: t('personal.addressHint') })}
      <Button type="submit" className="button button-primary" isDisabled={fetching}>
        {t('personal.submit')}
      </Button>
    </Form>
  );
}

/** /account/personal: passport and SNILS, and the agencies' live progress. */
export default function PersonalData() {
  const { t } = useTranslation('account');
  const session = useSession();
  const signedIn = session.status === 'signedIn' && !!session.account;
  const [res, refetch] = useQuery({ query: AccountPersonalDataDocument, pause: !signedIn, requestPolicy: 'cache-and-network' });
  const { verification, refetch: refetchVerification, live, retry } = useLiveVerification(res.data?.verification);
  const [editing, setEditing] = useState(false);
  if (!signedIn) return <SignedOutNote title={t('personal.title')} />;
  const a = session.account!;
  const content = () => {
    if (res.fetching && !res.data) return <Loading />;
    if (res.error && !res.data) return <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
    const p = res.data?.personalData;
    const showForm = editing || !p;
    return (
      <>
        {verification && <VerificationProgress verification={verification} live={live} onRetry={retry} />}
        {showForm ? (
          <PersonalForm
            initial={initialValues(p, { lastName: a.lastName, firstName: a.firstName, patronymic: a.patronymic ?? '' })}
            onSubmitted={() => {
              setEditing(false);
              refetch({ requestPolicy: 'network-only' });
              refetchVerification({ requestPolicy: 'network-only' });
            }}
          />
        ) : (
          <section className="card" aria-labelledby="pd-saved">
            <h2 id="pd-saved">{t('personal.saved')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('personal.name')}</dt>
                <dd>{[p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ')}</dd>
              </div>
              <div>
                <dt>{t('personal.birthDate')}</dt>
                <dd>{p.birthDate}</dd>
              </div>
              <div>
                <dt>{t('personal.document')}</dt>
                <dd>
                  {t(`personal.kinds.${p.documentKind}`)} {p.documentSeries} {p.documentNumber}
                </dd>
              </div>
              {p.snils && (
                <div>
                  <dt>{t('personal.snils')}</dt>
                  <dd>{p.snils}</dd>
                </div>
              )}
              <div>
                <dt>{t('personal.address')}</dt>
                <dd>{p.address}</dd>
              </div>
            </dl>
            <Button className="button button-secondary" onPress={() => setEditing(true)}>
              {t('personal.edit')}
            </Button>
          </section>
        )}
      </>
    );
  };
  return (
    <div className="page page-narrow">
      <p>
        <Link to="/account">← {t('account.title')}</Link>
      </p>
      <h1 id="page-title">{t('personal.title')}</h1>
      <p className="lead">{t('personal.lead')}</p>
      <p>
        {t('account.tier')}:{' '}
        <span className={`tier-badge tier-${a.tier.toLowerCase()}`} data-testid="account-tier">
          {t(`common:tier.${a.tier}`)}
        </span>
      </p>
      {content()}
    </div>
  );
}
