import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { AdminRoleHoldersDocument } from './admin.generated';
import type { Role } from '../../gql/types';
import { TextField } from '../../lib/ui/fields';
import { PageBody, PagedTable, SelectField, useFormatTime, useRoleName, useUrlFilters } from './common';
import type { PageSlot } from '../work/useConnectionPages';
import { STAFF_ROLES } from './enums';
import { RolesNav } from './RolesNav';

function HoldersPage({ page, role, scope }: { page: PageSlot; role: Role | null; scope: string | null }) {
  const { t } = useTranslation('admin');
  const time = useFormatTime();
  const roleName = useRoleName();
  return (
    <PageBody
      page={page}
      query={AdminRoleHoldersDocument}
      variables={{ role, scope }}
      pick={(d) => d.roleHolders}
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
  const { applied, key, draft, set, apply } = useUrlFilters(['role', 'scope']);
  const role = (applied.role as Role) || null;
  const scope = applied.scope || null;
  return (
    <>
      <h1 id="page-title">{t('holders.title')}</h1>
      <RolesNav />
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={apply}
      >
        <SelectField
          label={t('grants.role')}
          name="role"
          value={draft.role}
          onChange={set('role')}
          options={[{ value: '', label: t('holders.anyRole') }, ...STAFF_ROLES.map((r) => ({ value: r, label: roleName(r) }))]}
        />
        <TextField label={t('grants.scope')} name="scope" value={draft.scope} onChange={set('scope')} description={t('holders.scopeHint')} />
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
        renderPage={(page) => <HoldersPage key={page.key} page={page} role={role} scope={scope} />}
      />
    </>
  );
}
