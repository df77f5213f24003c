import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { AdminCatalogChangesDocument } from './admin.generated';
import { TextField } from '../../lib/ui/fields';
import { CatalogNav } from './CatalogNav';
import { ChangeSummary } from './ChangeSummary';
import { PageBody, PagedTable, SelectField, useFormatTime, useUrlFilters } from './common';
import type { PageSlot } from '../work/useConnectionPages';
import { ENTITIES } from './enums';

function ChangesPage({ page, entity, code }: { page: PageSlot; entity: string | null; code: string | null }) {
  const { t } = useTranslation('admin');
  const time = useFormatTime();
  return (
    <PageBody
      page={page}
      query={AdminCatalogChangesDocument}
      variables={{ entity, code }}
      pick={(d) => d.catalogChanges}
      colSpan={6}
      empty={t('changes.none')}
      row={(c) => (
        <tr key={c.id}>
          <td className="admin-nowrap">{time(c.at)}</td>
          <td className="admin-code">{c.actorId}</td>
          <td>
            {t(`entity.${c.entity}`, { defaultValue: c.entity })} <span className="admin-code">{c.code}</span>
          </td>
          <td>{t(`changes.action.${c.action}`, { defaultValue: c.action })}</td>
          <td>
            <ChangeSummary change={c} />
          </td>
          <td>{c.reason}</td>
        </tr>
      )}
    />
  );
}

/** /work/admin/catalog/changes: who changed what in the catalog, when and why; by entity and code. */
export default function CatalogChanges() {
  const { t } = useTranslation('admin');
  const { applied, key, draft, set, apply } = useUrlFilters(['entity', 'code']);
  const entity = applied.entity || null;
  const code = applied.code || null;
  return (
    <>
      <h1 id="page-title">{t('changes.title')}</h1>
      <CatalogNav />
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={apply}
      >
        <SelectField
          label={t('changes.entity')}
          name="entity"
          value={draft.entity}
          onChange={set('entity')}
          options={[{ value: '', label: t('changes.anyEntity') }, ...ENTITIES.map((e) => ({ value: e, label: t(`entity.${e}`) }))]}
        />
        <TextField label={t('changes.code')} name="code" value={draft.code} onChange={set('code')} />
        <Button type="submit" className="button button-primary">
          {t('apply')}
        </Button>
      </form>
      <PagedTable
        key={key}
        caption={t('changes.title')}
        head={
          <tr>
            <th scope="col">{t('changes.at')}</th>
            <th scope="col">{t('changes.actor')}</th>
            <th scope="col">{t('changes.what')}</th>
            <th scope="col">{t('changes.actionCol')}</th>
            <th scope="col">{t('changes.fields')}</th>
            <th scope="col">{t('reason')}</th>
          </tr>
        }
        renderPage={(page) => <ChangesPage key={page.key} page={page} entity={entity} code={code} />}
      />
    </>
  );
}
