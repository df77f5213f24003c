import { useId, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { AdminServicesDocument } from './admin.generated';
import { useDebounced } from '../../lib/forms/useDebounced';
import { TextField } from '../../lib/ui/fields';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { CatalogNav } from './CatalogNav';
import { PAGE, TableWrap } from './common';
import { ShowMore } from '../work/Paging';

/** The services found, page by page (Graphcache merges the pages of `services`). */
function Results({ query }: { query: string }) {
  const { t } = useTranslation('admin');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: AdminServicesDocument,
    variables: { query: query || null, first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  const conn = data?.services;
  if (!conn && fetching) return <Loading />;
  if (!conn && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!conn) return null;
  return (
    <div aria-busy={fetching || stale}>
      <p className="result-count" role="status" aria-live="polite">
        {t('services.found', { count: conn.totalCount })}
      </p>
      {conn.edges.length > 0 && (
        <TableWrap label={t('services.caption')}>
          <table className="data-table">
            <caption className="visually-hidden">{t('services.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.name')}</th>
                <th scope="col">{t('services.code')}</th>
                <th scope="col">{t('services.department')}</th>
                <th scope="col">{t('services.level')}</th>
                <th scope="col">{t('services.mode')}</th>
                <th scope="col">{t('services.fee')}</th>
                <th scope="col">{t('services.days')}</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>
                    <Link to={`/work/admin/catalog/services/${encodeURIComponent(node.id)}`}>{node.name}</Link>
                  </td>
                  <td className="admin-code">{node.code}</td>
                  <td>{node.department.shortName}</td>
                  <td>{t(`level.${node.level}`)}</td>
                  <td>{t(`mode.${node.mode}`)}</td>
                  <td className="admin-num">{node.fee.formatted}</td>
                  <td className="admin-num">{node.processingDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ShowMore
        next={{ hasNext: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor ?? null, fetching }}
        onMore={setAfter}
        className="button button-secondary more-button"
      >
        {t('more')}
      </ShowMore>
    </div>
  );
}

/** /work/admin/catalog: find a service to edit, or start a new one. */
export default function ServicesList() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const [text, setText] = useState(params.get('q') ?? '');
  const query = useDebounced(text.trim(), 300);
  const headingId = useId();
  return (
    <>
      <h1 id="page-title">{t('services.title')}</h1>
      <CatalogNav />
      {saved && (
        <p className="form-info" role="status">
          {t('services.saved', { code: saved })}
        </p>
      )}
      <div className="toolbar">
        <form
          role="search"
          className="admin-search"
          onSubmit={(e) => {
            e.preventDefault();
            setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
          }}
        >
          <TextField
            label={t('services.search')}
            type="search"
            value={text}
            onChange={(v) => {
              setText(v);
              setParams(v.trim() ? { q: v.trim() } : {}, { replace: true });
            }}
            description={t('services.searchHint')}
          />
        </form>
        <Link className="button button-primary" to="/work/admin/catalog/services/new">
          {t('services.new')}
        </Link>
      </div>
      <section aria-labelledby={headingId}>
        <h2 id={headingId} className="visually-hidden">
          {t('services.results')}
        </h2>
        <Results key={query} query={query} />
      </section>
    </>
  );
}
