import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import {
  HearingsHomeDocument,
  HearingsListDocument,
  HearingsMineDocument,
  HearingsMunicipalitiesDocument,
} from './hearings.generated';
import type { HearingStatus } from '../../gql/types';
import { useSession } from '../../lib/auth/useSession';
import { useRegion } from '../catalog/region';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { HearingCard } from './HearingCard';
import './hearings.css';

const PAGE = 20;
const STATUSES: HearingStatus[] = ['OPEN', 'ANNOUNCED', 'CLOSED', 'RESULTS_PUBLISHED'];

/** The public list, filtered by municipality and stage, page by page. */
function AllHearings({ oktmo, status }: { oktmo: string | null; status: HearingStatus | null }) {
  const { t } = useTranslation('hearings');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: HearingsListDocument,
    variables: { oktmo, status, first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  const conn = data?.hearings;
  if (!conn && fetching) return <Loading />;
  if (!conn && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!conn) return null;
  return (
    <div aria-busy={fetching || stale}>
      <p className="result-count" role="status" aria-live="polite">
        {t('found', { count: conn.totalCount })}
      </p>
      {conn.edges.length === 0 ? (
        <Empty title={t('none')}>
          <p>{t('noneHint')}</p>
        </Empty>
      ) : (
        <ul className="hearing-list" aria-label={t('tabAll')}>
          {conn.edges.map(({ node }) => (
            <HearingCard key={node.id} hearing={node} />
          ))}
        </ul>
      )}
      {conn.pageInfo.hasNextPage && (
        <Button
          className="button button-secondary more-button"
          isDisabled={fetching}
          onPress={() => setAfter(conn.pageInfo.endCursor ?? null)}
        >
          {t('more')}
        </Button>
      )}
    </div>
  );
}

/** The hearings the signed-in citizen may take part in. */
function MyHearings() {
  const { t } = useTranslation('hearings');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HearingsMineDocument, requestPolicy: 'cache-and-network' });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  const list = data?.myHearings ?? [];
  if (list.length === 0) {
    return (
      <Empty title={t('noneMine')}>
        <p>{t('noneMineHint')}</p>
      </Empty>
    );
  }
  return (
    <ul className="hearing-list" aria-label={t('tabMine')}>
      {list.map((h) => (
        <HearingCard key={h.id} hearing={h} />
      ))}
    </ul>
  );
}

export default function HearingsList() {
  const { t } = useTranslation('hearings');
  const session = useSession();
  const signedIn = session.status === 'signedIn';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : 'all';
  const [region] = useRegion();
  const muniId = useId();
  const statusId = useId();

  // The signed-in citizen's own municipality is the default.
  const [{ data: home }] = useQuery({ query: HearingsHomeDocument, pause: !signedIn });
  const homeOktmo = home?.personalData?.municipalityOktmo ?? null;
  const [{ data: munis }] = useQuery({ query: HearingsMunicipalitiesDocument, variables: { region } });

  const chosen = params.get('m');
  const oktmo = chosen === 'all' ? null : (chosen ?? homeOktmo);
  const statusParam = params.get('status');
  const status = STATUSES.includes(statusParam as HearingStatus) ? (statusParam as HearingStatus) : null;

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const municipalities = munis?.municipalities ?? [];
  const known = !oktmo || municipalities.some((m) => m.oktmo === oktmo);

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ul className="segmented">
        <li>
          <Link className="segment" to="/hearings" aria-current={tab === 'all' ? 'page' : undefined}>
            {t('tabAll')}
          </Link>
        </li>
        <li>
          <Link className="segment" to="/hearings?tab=mine" aria-current={tab === 'mine' ? 'page' : undefined}>
            {t('tabMine')}
          </Link>
        </li>
      </ul>
      {tab === 'mine' ? (
        signedIn ? (
          <MyHearings />
        ) : (
          <Empty title={t('signInForMine')}>
            <Link className="button button-primary" to="/signin" state={{ from: '/hearings?tab=mine' }}>
              {t('common:signIn')}
            </Link>
          </Empty>
        )
      ) : (
        <>
          <div className="hearing-filters">
            <label htmlFor={muniId}>
              {t('municipality')}
              <select id={muniId} value={oktmo ?? 'all'} onChange={(e) => set('m', e.target.value)}>
                <option value="all">{t('allMunicipalities')}</option>
                {!known && oktmo && <option value={oktmo}>{oktmo}</option>}
                {municipalities.map((m) => (
                  <option key={m.id} value={m.oktmo}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor={statusId}>
              {t('statusFilter')}
              <select id={statusId} value={status ?? ''} onChange={(e) => set('status', e.target.value || null)}>
                <option value="">{t('anyStatus')}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <AllHearings key={`${oktmo ?? ''}|${status ?? ''}`} oktmo={oktmo} status={status} />
        </>
      )}
    </section>
  );
}
