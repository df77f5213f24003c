import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form } from 'react-aria-components';
import {
  AccountChildrenDocument,
  AccountOrganisationsDocument,
  AddChildDocument,
  CreateOrganisationDocument,
} from './accountMore.generated';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';
import { SelectField, SignedOutNote } from './common';

const CHILD_FIELDS = ['lastName', 'firstName', 'patronymic', 'birthDate', 'birthCertificateSeries', 'birthCertificateNumber'] as const;

function Children({ standard }: { standard: boolean }) {
  const { t } = useTranslation('account');
  const [res, refetch] = useQuery({ query: AccountChildrenDocument, pause: !standard, requestPolicy: 'cache-and-network' });
  const [{ fetching }, add] = useMutation(AddChildDocument);
  const empty = Object.fromEntries(CHILD_FIELDS.map((f) => [f, ''])) as Record<(typeof CHILD_FIELDS)[number], string>;
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [open, setOpen] = useState(false);
  if (!standard) {
    return (
      <section className="card" aria-labelledby="children-title">
        <h2 id="children-title">{t('family.children')}</h2>
        <p className="note">{t('family.childrenNeedStandard')}</p>
      </section>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await add({
      input: {
        lastName: v.lastName.trim(),
        firstName: v.firstName.trim(),
        patronymic: v.patronymic.trim() || null,
        birthDate: v.birthDate,
        birthCertificateSeries: v.birthCertificateSeries.trim(),
        birthCertificateNumber: v.birthCertificateNumber.trim(),
      },
    });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.addChild;
    if (p?.child) {
      setV(empty);
      setErrors(noErrors);
      setOpen(false);
      refetch({ requestPolicy: 'network-only' });
      return;
    }
    setErrors(
      mapUserErrors(p?.userErrors, CHILD_FIELDS, { birthCertificate: 'birthCertificateSeries', series: 'birthCertificateSeries', number: 'birthCertificateNumber' }),
    );
  };
  const list = res.data?.children ?? [];
  return (
    <section className="card" aria-labelledby="children-title">
      <h2 id="children-title">{t('family.children')}</h2>
      {res.fetching && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : list.length === 0 ? (
        <Empty title={t('family.noChildren')} />
      ) : (
        <ul className="link-list">
          {list.map((c) => (
            <li key={c.id}>
              <strong>{[c.lastName, c.firstName, c.patronymic].filter(Boolean).join(' ')}</strong> — {c.birthDate}, {c.birthCertificate}
            </li>
          ))}
        </ul>
      )}
      {!open ? (
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          {t('family.addChild')}
        </Button>
      ) : (
        <Form className="form" onSubmit={(e) => void submit(e)} aria-label={t('family.addChild')}>
          <FormErrorList messages={errors.form} />
          {CHILD_FIELDS.map((f) => (
            <TextField
              key={f}
              label={t(`family.child.${f}`)}
              name={`child-${f}`}
              type={f === 'birthDate' ? 'date' : 'text'}
              isRequired={f !== 'patronymic'}
              value={v[f]}
              onChange={(x) => setV({ ...v, [f]: x })}
              error={errors.fields[f]}
              {...(f === 'birthCertificateSeries' ? { description: t('family.child.seriesHint') } : {})}
            />
          ))}
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t('family.add')}
          </Button>
        </Form>
      )}
    </section>
  );
}

function Organisations({ confirmed }: { confirmed: boolean }) {
  const { t } = useTranslation('account');
  const [res, refetch] = useQuery({ query: AccountOrganisationsDocument, requestPolicy: 'cache-and-network' });
  const [{ fetching }, create] = useMutation(CreateOrganisationDocument);
  const [v, setV] = useState({ kind: 'LEGAL_ENTITY', name: '', inn: '', ogrn: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [open, setOpen] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({
      input: { kind: v.kind as 'LEGAL_ENTITY' | 'ENTREPRENEUR', name: v.name.trim(), inn: v.inn.trim(), ogrn: v.ogrn.trim() },
    });
    if (r.error) return setErrors({ fields: {}, form: [describeError(r.error, t) ?? ''] });
    const p = r.data?.createOrganisation;
    if (p?.organisation) {
      setErrors(noErrors);
      setOpen(false);
      refetch({ requestPolicy: 'network-only' });
      return;
    }
    setErrors(mapUserErrors(p?.userErrors, ['kind', 'name', 'inn', 'ogrn']));
  };
  const list = res.data?.organisations ?? [];
  return (
    <section className="card" aria-labelledby="orgs-title">
      <h2 id="orgs-title">{t('family.organisations')}</h2>
      {res.fetching && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : list.length === 0 ? (
        <Empty title={t('family.noOrganisations')} />
      ) : (
        <ul className="link-list">
          {list.map((o) => (
            <li key={o.id}>
              <strong>{o.name}</strong> — {t(`family.kinds.${o.kind}`)}, {t('family.inn')} {o.inn}, {t(`family.roles.${o.myRole}`)}
            </li>
          ))}
        </ul>
      )}
      {!confirmed ? (
        <p className="note">{t('family.orgNeedsConfirmed')}</p>
      ) : !open ? (
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          {t('family.addOrganisation')}
        </Button>
      ) : (
        <Form className="form" onSubmit={(e) => void submit(e)} aria-label={t('family.addOrganisation')}>
          <FormErrorList messages={errors.form} />
          <SelectField
            label={t('family.kind')}
            name="kind"
            value={v.kind}
            onChange={(kind) => setV({ ...v, kind })}
            error={errors.fields.kind}
            options={[
              { value: 'LEGAL_ENTITY', label: t('family.kinds.LEGAL_ENTITY') },
              { value: 'ENTREPRENEUR', label: t('family.kinds.ENTREPRENEUR') },
            ]}
          />
          <TextField label={t('family.name')} name="orgName" isRequired value={v.name} onChange={(name) => setV({ ...v, name })} error={errors.fields.name} />
          <TextField
            label={t('family.inn')}
            description={t('family.innHint')}
            name="inn"
            inputMode="numeric"
            isRequired
            value={v.inn}
            onChange={(inn) => setV({ ...v, inn })}
            error={errors.fields.inn}
          />
          <TextField
            label={t('family.ogrn')}
            description={t('family.ogrnHint')}
            name="ogrn"
            inputMode="numeric"
            isRequired
            value={v.ogrn}
            onChange={(ogrn) => setV({ ...v, ogrn })}
            error={errors.fields.ogrn}
          />
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t('family.add')}
          </Button>
        </Form>
      )}
    </section>
  );
}

/** /account/family: children and organisations. */
export default function Family() {
  const { t } = useTranslation('account');
  const session = useSession();
  if (session.status !== 'signedIn' || !session.account) return <SignedOutNote title={t('family.title')} />;
  const tier = session.account.tier;
  return (
    <div className="page page-narrow">
      <p>
        <Link to="/account">← {t('account.title')}</Link>
      </p>
      <h1 id="page-title">{t('family.title')}</h1>
      <Children standard={tier !== 'SIMPLIFIED'} />
      <Organisations confirmed={tier === 'CONFIRMED'} />
    </div>
  );
}
