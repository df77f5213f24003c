import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { AdminCatalogChangesDocument } from './admin.generated';
import { TextField } from '../../lib/ui/fields';
import { CatalogNav } from './CatalogNav';
import { ChangeSummary } from './ChangeSummary';
import { PAGE, PageBody, PagedTable, SelectField, useFormatTime, type PageProps } from './common';
import { ENTITIES } from './enums';

function ChangesPage({ page, entity, code }: { page: PageProps; entity: string | null; code: string | null }) {
  const { t } = useTranslation('admin');
  const time = useFormatTime();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AdminCatalogChangesDocument,
    variables: { entity, code, first: PAGE, after: page.after },
    requestPolicy: 'cache-and-network',
  });
  return (
    <PageBody
      page={page}
      conn={data?.catalogChanges}
      fetching={fetching}
      error={error}
      retry={() => reexecute({ requestPolicy: 'network-only' })}
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
  const [params, setParams] = useSearchParams();
  const entity = params.get('entity') || null;
  const code = params.get('code') || null;
  const [draft, setDraft] = useState({ entity: entity ?? '', code: code ?? '' });
  const key = `${entity ?? ''}|${code ?? ''}`;
  const [draftKey, setDraftKey] = useState(key);
  if (draftKey !== key) {
    setDraftKey(key);
    setDraft({ entity: entity ?? '', code: code ?? '' });
  }
  return (
    <>
      <h1 id="page-title">{t('changes.title')}</h1>
      <CatalogNav />
      <form
        className="toolbar"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const next: Record<string, string> = {};
          if (draft.entity) next.entity = draft.entity;
          if (draft.code.trim()) next.code = draft.code.trim();
          setParams(next);
        }}
      >
        <SelectField
          label={t('changes.entity')}
          name="entity"
          value={draft.entity}
          onChange={(v) => setDraft((d) => ({ ...d, entity: v }))}
          options={[{ value: '', label: t('changes.anyEntity') }, ...ENTITIES.map((e) => ({ value: e, label: t(`entity.${e}`) }))]}
        />
        <TextField label={t('changes.code')} name="code" value={draft.code} onChange={(v) => setDraft((d) => ({ ...d, code: v }))} />
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
        renderPage={({ key, ...page }) => <ChangesPage key={key} page={page} entity={entity} code={code} />}
      />
    </>
  );
}
