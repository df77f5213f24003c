import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { AdminRoleHoldersDocument } from './admin.generated';
import type { Role } from '../../gql/types';
import { TextField } from '../../lib/ui/fields';
import { PAGE, PageBody, PagedTable, SelectField, useFormatTime, useRoleName, type PageProps } from './common';
import { STAFF_ROLES } from './enums';
import { RolesNav } from './RolesNav';

function HoldersPage({ page, role, scope }: { page: PageProps; role: Role | null; scope: string | null }) {
  const { t } = useTranslation('admin');
  const time = useFormatTime();
  const roleName = useRoleName();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AdminRoleHoldersDocument,
    variables: { role, scope, first: PAGE, after: page.after },
    requestPolicy: 'cache-and-network',
  });
  return (
    <PageBody
      page={page}
      conn={data?.roleHolders}
      fetching={fetching}
      error={error}
      retry={() => reexecute({ requestPolicy: 'network-only' })}
      colSpan={6}
      empty={t('holders.none')}
      row={({ account: a, grant: g }, cursor) => (
        <tr key={cursor}>
          <td>{[a.lastName, a.firstName, a.patronymic].filter(Boolean).join(' ')}</td>
          <td className="admin-nowrap">{a.maskedPhone ?? a.maskedEmail ?? '—'}</td>
          <td>{roleName(g.role)}</td>
          <td className="admin-code">{g.scope ?? '—'}</td>
          <td className="admin-nowrap">{time(g.grantedAt)}</td>
          <td>{g.reason}</td>
        </tr>
      )}
    />
  );
}

/** /work/admin/roles/holders: who holds which role, by role and scope, newest grant first. */
export default function RoleHolders() {
  const { t } = useTranslation('admin');
  const roleName = useRoleName();
  const [params, setParams] = useSearchParams();
  const role = (params.get('role') as Role | null) || null;
  const scope = params.get('scope') || null;
  const [draft, setDraft] = useState({ role: role ?? '', scope: scope ?? '' });
  const key = `${role ?? ''}|${scope ?? ''}`;
  const [draftKey, setDraftKey] = useState(key);
  if (draftKey !== key) {
    setDraftKey(key);
    setDraft({ role: role ?? '', scope: scope ?? '' });
  }
  return (
    <>
      <h1 id="page-title">{t('holders.title')}</h1>
      <RolesNav />
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const next: Record<string, string> = {};
          if (draft.role) next.role = draft.role;
          if (draft.scope.trim()) next.scope = draft.scope.trim();
          setParams(next);
        }}
      >
        <SelectField
          label={t('grants.role')}
          name="role"
          value={draft.role}
          onChange={(v) => setDraft((d) => ({ ...d, role: v }))}
          options={[{ value: '', label: t('holders.anyRole') }, ...STAFF_ROLES.map((r) => ({ value: r, label: roleName(r) }))]}
        />
        <TextField label={t('grants.scope')} name="scope" value={draft.scope} onChange={(v) => setDraft((d) => ({ ...d, scope: v }))} description={t('holders.scopeHint')} />
        <Button type="submit" className="button button-primary">
          {t('apply')}
        </Button>
      </form>
      <p className="note">
        <Link to="/work/admin/roles">{t('holders.toGrant')}</Link>
      </p>
      <PagedTable
        key={key}
        caption={t('holders.title')}
        head={
          <tr>
            <th scope="col">{t('holders.account')}</th>
            <th scope="col">{t('holders.contact')}</th>
            <th scope="col">{t('grants.role')}</th>
            <th scope="col">{t('grants.scope')}</th>
            <th scope="col">{t('grants.since')}</th>
            <th scope="col">{t('reason')}</th>
          </tr>
        }
        renderPage={({ key, ...page }) => <HoldersPage key={key} page={page} role={role} scope={scope} />}
      />
    </>
  );
}
