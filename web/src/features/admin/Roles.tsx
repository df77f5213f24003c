import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import {
  AdminDepartmentsDocument,
  AdminFindAccountsDocument,
  AdminGrantRoleDocument,
  AdminMunicipalitiesDocument,
  AdminRegionsDocument,
  AdminRevokeRoleDocument,
  AdminServiceCentresDocument,
  type AdminStaffAccountFragment,
} from './admin.generated';
import type { Role } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { ConfirmDialog } from './ConfirmDialog';
import { focusFirstError, SelectField, SubmitButton, useFormatTime, useRoleName, TableWrap } from './common';
import { STAFF_ROLES } from './enums';
import { normalizeErrors, rawId } from './format';
import { RolesNav } from './RolesNav';

type Grant = AdminStaffAccountFragment['roleGrants'][number];

/** The scope picker of a role: a centre (by region), a department, a municipality (by region), none. */
function ScopePicker({ role, value, onChange, error }: { role: Role; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const { t } = useTranslation('admin');
  const [region, setRegion] = useState('');
  const needsRegion = role === 'OPERATOR' || role === 'MUNICIPAL_OFFICER';
  const [regions] = useQuery({ query: AdminRegionsDocument, pause: !needsRegion });
  const [deps] = useQuery({ query: AdminDepartmentsDocument, pause: role !== 'OFFICER' });
  const [centres] = useQuery({ query: AdminServiceCentresDocument, variables: { regionCode: region }, pause: role !== 'OPERATOR' || !region });
  const [munis] = useQuery({ query: AdminMunicipalitiesDocument, variables: { region }, pause: role !== 'MUNICIPAL_OFFICER' || !region });

  if (role === 'ADMIN') return <p className="note">{t('grant.noScope')}</p>;
  if (role === 'OFFICER') {
    if (!deps.data) return deps.error ? <ErrorState error={deps.error} /> : <Loading />;
    return (
      <SelectField
        label={t('grant.department')}
        name="scope"
        value={value}
        onChange={onChange}
        error={error}
        options={[{ value: '', label: t('grant.choose') }, ...deps.data.departments.map((d) => ({ value: d.code, label: `${d.shortName} (${d.code})` }))]}
      />
    );
  }
  const regionField = regions.data ? (
    <SelectField
      label={t('grant.region')}
      name="region"
      value={region}
      onChange={(v) => {
        setRegion(v);
        onChange('');
      }}
      options={[{ value: '', label: t('grant.choose') }, ...regions.data.regions.map((r) => ({ value: r.code, label: `${r.code} ${r.name}` }))]}
    />
  ) : regions.error ? (
    <ErrorState error={regions.error} />
  ) : (
    <Loading />
  );
  const list = role === 'OPERATOR' ? centres : munis;
  const options =
    role === 'OPERATOR'
      ? (centres.data?.serviceCentres ?? []).map((c) => ({ value: c.code, label: `${c.name}, ${c.address} (${c.code})` }))
      : (munis.data?.municipalities ?? []).map((m) => ({ value: m.oktmo, label: `${m.name} (${m.oktmo})` }));
  return (
    <>
      {regionField}
      {region && !list.data && list.fetching ? (
        <Loading />
      ) : region && list.error ? (
        <ErrorState error={list.error} />
      ) : (
        <SelectField
          label={role === 'OPERATOR' ? t('grant.centre') : t('grant.municipality')}
          name="scope"
          value={value}
          onChange={onChange}
          error={error}
          isDisabled={!region}
          description={!region ? t('grant.regionFirst') : options.length === 0 ? t('grant.noneInRegion') : undefined}
          options={[{ value: '', label: t('grant.choose') }, ...options]}
        />
      )}
    </>
  );
}

function GrantForm({ account, onDone }: { account: AdminStaffAccountFragment; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const roleName = useRoleName();
  const [role, setRole] = useState<Role>('OFFICER');
  const [scope, setScope] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const [{ fetching }, grant] = useMutation(AdminGrantRoleDocument);
  const titleId = useId();
  useEffect(() => {
    if (errors !== noErrors) focusFirstError(formRef.current, errors);
  }, [errors]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setDone('');
    const res = await grant({ input: { accountId: account.id, role, scope: role === 'ADMIN' ? null : scope || null, reason: reason.trim() } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const p = res.data?.grantRole;
    if (p?.ok && p.userErrors.length === 0) {
      setErrors(noErrors);
      setReason('');
      setDone(t('grant.done', { role: roleName(role), scope: scope || '—' }));
      onDone();
      return;
    }
    setErrors(mapUserErrors(normalizeErrors(p?.userErrors), ['role', 'scope', 'reason']));
  }

  return (
    <form ref={formRef} className="form admin-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{t('grant.title')}</h3>
      <div tabIndex={-1} className="admin-form-errors admin-focus-target">
        <FormErrorList messages={errors.form} />
      </div>
      <div className="form-grid">
        <SelectField
          label={t('grant.role')}
          name="role"
          value={role}
          onChange={(v) => {
            setRole(v as Role);
            setScope('');
          }}
          error={errors.fields.role}
          options={STAFF_ROLES.map((r) => ({ value: r, label: roleName(r) }))}
        />
        <ScopePicker key={role} role={role} value={scope} onChange={setScope} error={errors.fields.scope} />
      </div>
      <TextField label={t('reason')} name="reason" value={reason} onChange={setReason} error={errors.fields.reason} description={t('grant.reasonHint')} />
      <p ref={doneRef} tabIndex={-1} role="status" className="admin-focus-target">
        {done && <span className="form-info admin-inline-info">{done}</span>}
      </p>
      <SubmitButton fetching={fetching}>{t('grant.submit')}</SubmitButton>
    </form>
  );
}

function Grants({ account, onChanged }: { account: AdminStaffAccountFragment; onChanged: () => void }) {
  const { t } = useTranslation('admin');
  const roleName = useRoleName();
  const time = useFormatTime();
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState('');
  const [{ fetching }, revoke] = useMutation(AdminRevokeRoleDocument);

  async function confirm() {
    if (!revoking) return;
    const res = await revoke({ input: { accountId: account.id, role: revoking.role, scope: revoking.scope, reason: reason.trim() } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''].filter(Boolean) });
      return;
    }
    const p = res.data?.revokeRole;
    if (p?.ok && p.userErrors.length === 0) {
      setDone(t('revoke.done', { role: roleName(revoking.role), scope: revoking.scope ?? '—' }));
      setRevoking(null);
      setReason('');
      setErrors(noErrors);
      onChanged();
      return;
    }
    setErrors(mapUserErrors(normalizeErrors(p?.userErrors), ['reason']));
  }

  return (
    <>
      <p role="status">{done && <span className="form-info admin-inline-info">{done}</span>}</p>
      {account.roleGrants.length === 0 ? (
        <p>{t('grants.none')}</p>
      ) : (
        <TableWrap label={t('grants.caption', { name: `${account.lastName} ${account.firstName}` })}>
          <table className="data-table">
            <caption className="visually-hidden">{t('grants.caption', { name: `${account.lastName} ${account.firstName}` })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grants.role')}</th>
                <th scope="col">{t('grants.scope')}</th>
                <th scope="col">{t('grants.since')}</th>
                <th scope="col">{t('reason')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {account.roleGrants.map((g) => (
                <tr key={`${g.role}|${g.scope ?? ''}`}>
                  <td>{roleName(g.role)}</td>
                  <td className="admin-code">{g.scope ?? '—'}</td>
                  <td className="admin-nowrap">{time(g.grantedAt)}</td>
                  <td>{g.reason}</td>
                  <td>
                    {g.role !== 'CITIZEN' && (
                      <Button
                        className="button button-secondary admin-small"
                        onPress={() => {
                          setDone('');
                          setErrors(noErrors);
                          setRevoking(g);
                        }}
                      >
                        {t('revoke.button')}
                        <span className="visually-hidden">
                          {' '}
                          {roleName(g.role)} {g.scope ?? ''}
                        </span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {revoking && (
        <ConfirmDialog
          title={t('revoke.title', { role: roleName(revoking.role), scope: revoking.scope ?? '—', name: `${account.lastName} ${account.firstName}` })}
          confirm={t('revoke.confirm')}
          onConfirm={() => void confirm()}
          onCancel={() => setRevoking(null)}
          fetching={fetching}
        >
          <FormErrorList messages={errors.form} />
          <TextField label={t('reason')} name="reason" value={reason} onChange={setReason} error={errors.fields.reason} description={t('grant.reasonHint')} />
        </ConfirmDialog>
      )}
    </>
  );
}

function AccountCard({ account, onChanged }: { account: AdminStaffAccountFragment; onChanged: () => void }) {
  const { t } = useTranslation('admin');
  const titleId = useId();
  const name = [account.lastName, account.firstName, account.patronymic].filter(Boolean).join(' ');
  return (
    <section className="card admin-account" aria-labelledby={titleId}>
      <h2 id={titleId}>{name}</h2>
      <dl className="facts">
        <div>
          <dt>{t('account.phone')}</dt>
          <dd>{account.maskedPhone ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('account.email')}</dt>
          <dd>{account.maskedEmail ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('account.tier')}</dt>
          <dd>{t(`common:tier.${account.tier}`)}</dd>
        </div>
        <div>
          <dt>{t('account.id')}</dt>
          <dd className="admin-code admin-break">{account.id}</dd>
        </div>
      </dl>
      <p>
        <Link to={`/work/admin/audit?subjectId=${encodeURIComponent(rawId(account.id))}`}>{t('account.audit')}</Link>
      </p>
      <h3>{t('grants.title')}</h3>
      <Grants account={account} onChanged={onChanged} />
      <GrantForm account={account} onDone={onChanged} />
    </section>
  );
}

function Found({ query }: { query: string }) {
  const { t } = useTranslation('admin');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AdminFindAccountsDocument,
    variables: { query },
    requestPolicy: 'network-only',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  if (!data && fetching) return <Loading />;
  if (!data) return <ErrorState error={error} onRetry={refresh} />;
  if (data.findAccounts.length === 0) {
    return (
      <Empty title={t('find.none')}>
        <p>{t('find.noneHint')}</p>
      </Empty>
    );
  }
  return (
    <div aria-busy={fetching}>
      <p className="result-count" role="status">
        {t('find.found', { count: data.findAccounts.length })}
      </p>
      {data.findAccounts.map((a) => (
        <AccountCard key={a.id} account={a} onChanged={refresh} />
      ))}
    </div>
  );
}

/** /work/admin/roles: find an account by phone, email or SNILS; its roles; grant and revoke. */
export default function Roles() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  return (
    <>
      <h1 id="page-title">{t('roles.title')}</h1>
      <RolesNav />
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text.trim() ? { q: text.trim() } : {});
        }}
      >
        <TextField label={t('find.label')} name="q" value={text} onChange={setText} description={t('find.hint')} autoComplete="off" />
        <Button type="submit" className="button button-primary">
          {t('find.submit')}
        </Button>
      </form>
      {query ? <Found key={query} query={query} /> : <p className="note">{t('find.intro')}</p>}
    </>
  );
}
