import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { CatalogServicesDocument } from './catalog.generated';
import type { ServiceFilter } from '../../gql/types';
import { ServiceCard } from './ServiceCard';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';

const PAGE = 20;

interface Props {
  filter: ServiceFilter;
  regionCode: string | null;
  /** Announce the count (search results as you type). */
  announce?: boolean;
  empty?: React.ReactNode;
  labelledBy?: string;
}

/**
 * A list of services for a filter, page by page ("show more": Graphcache
 * merges the pages of the Relay connection). With a region, the services
 * offered there come first and the rest are marked.
 */
export function ServicesConnection({ filter, regionCode, announce, empty, labelledBy }: Props) {
  const { t } = useTranslation('catalog');
  const [after, setAfter] = useState<string | null>(null);
  const fullFilter: ServiceFilter = regionCode ? { ...filter, regionCode, includeUnavailable: true } : filter;
  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: CatalogServicesDocument,
    variables: { filter: fullFilter, first: PAGE, after, regionCode: regionCode ?? '', withRegion: !!regionCode },
  });
  const conn = data?.services;
  if (!conn && fetching) return <Loading />;
  if (!conn && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!conn) return null;
  return (
    <div aria-busy={fetching || stale}>
      {announce && (
        <p className="result-count" role="status" aria-live="polite">
          {t('found', { count: conn.totalCount })}
        </p>
      )}
      {conn.edges.length === 0 ? (
        (empty ?? <Empty title={t('noServices')} />)
      ) : (
        <ul className="service-list" aria-labelledby={labelledBy}>
          {conn.edges.map(({ node }) => (
            <ServiceCard key={node.id} service={node} />
          ))}
        </ul>
      )}
      {conn.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button-secondary more-button"
          disabled={fetching}
          onClick={() => setAfter(conn.pageInfo.endCursor)}
        >
          {t('more')}
        </button>
      )}
    </div>
  );
}
