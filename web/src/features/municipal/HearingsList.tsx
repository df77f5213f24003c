import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { MunicipalHearingsDocument } from './municipal.generated';
import type { HearingStatus } from '../../gql/types';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { BASE, STATUSES, StatusBadge, WorkNav, subjectText, useOfficerMunicipalities } from './common';
import { formatMoscowShort } from './moscow';

const PAGE = 20;

interface Next {
  hasNext: boolean;
  endCursor: string | null;
  fetching: boolean;
}

/**
 * One page of the officer's hearings, as its own <tbody>: the pages stack
 * ("show more" asks for the next one after the last cursor), each from its
 * own query, so a page already shown does not change under the officer.
 */
function ListPage({
  status,
  after,
  last,
  onNext,
  onTotal,
  nameOf,
  focusFirst,
}: {
  status: HearingStatus | null;
  after: string | null;
  last: boolean;
  onNext: (next: Next) => void;
  onTotal?: (n: number) => void;
  nameOf: (oktmo: string) => string;
  focusFirst: boolean;
}) {
  const { t, i18n } = useTranslation('municipal');
  const lang = i18n.language;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalHearingsDocument,
    variables: { status, first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  const conn = data?.organisedHearings;
  const total = conn?.totalCount;
  useEffect(() => {
    if (total !== undefined) onTotal?.(total);
  }, [total, onTotal]);
  // The last page tells the list whether there is a next one (the button is below the table).
  const hasNext = conn?.pageInfo.hasNextPage ?? false;
  const endCursor = conn?.pageInfo.endCursor ?? null;
  useEffect(() => {
    if (last) onNext({ hasNext, endCursor, fetching });
  }, [last, hasNext, endCursor, fetching, onNext]);
  // "Show more": focus goes to the first new row, the button being gone.
  const firstLink = useRef<HTMLAnchorElement>(null);
  const loaded = !!conn;
  useEffect(() => {
    if (loaded && focusFirst) firstLink.current?.focus();
  }, [loaded, focusFirst]);
  if (!conn) {
    return (
      <tbody>
        <tr>
          <td colSpan={6}>
            {fetching && <Loading />}
            {error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody aria-busy={fetching || undefined}>
      {conn.edges.map(({ node: h }, i) => (
        <tr key={h.id}>
          <td>
            <Link ref={i === 0 ? firstLink : undefined} to={`${BASE}/${encodeURIComponent(h.id)}`}>
              {h.title}
            </Link>
          </td>
          <td>
            <StatusBadge status={h.status} />
          </td>
          <td>{subjectText(t, h.subject, h.subjectDetail)}</td>
          <td>{nameOf(h.municipalityOktmo)}</td>
          <td>
            <span className="muni-nowrap">{formatMoscowShort(h.opensAt, lang)}</span> —{' '}
            <span className="muni-nowrap">{formatMoscowShort(h.closedAt ?? h.closesAt, lang)}</span>
          </td>
          <td>
            {h.status === 'DRAFT' && (
              <Link to={`${BASE}/${encodeURIComponent(h.id)}/edit`} aria-label={t('list.editOf', { title: h.title })}>
                {t('list.edit')}
              </Link>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  );
}

/** /work/municipal: the hearings of the officer's municipalities, drafts included, newest first. */
export default function HearingsList() {
  const { t } = useTranslation('municipal');
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = STATUSES.includes(statusParam as HearingStatus) ? (statusParam as HearingStatus) : null;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<Next | null>(null);
  const statusId = useId();
  const munis = useOfficerMunicipalities();

  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
    setCursors([null]);
    setTotal(null);
    setNext(null);
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t('list.title')}</h1>
      <WorkNav />
      <p className="lead">{t('list.lead')}</p>
      <div className="toolbar">
        <div className="field">
          <label className="field-label" htmlFor={statusId}>
            {t('list.statusFilter')}
          </label>
          <select id={statusId} className="muni-select" value={status ?? ''} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('list.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <Link className="button button-primary" to={`${BASE}/new`}>
          {t('list.create')}
        </Link>
      </div>
      <p className="result-count" role="status" aria-live="polite">
        {total !== null && t('list.found', { count: total })}
      </p>
      {total === 0 && (
        <Empty title={status ? t('list.noneStatus') : t('list.none')}>
          <p>{t('list.noneHint')}</p>
        </Empty>
      )}
      <div className="table-wrap" hidden={total === 0}>
        <table className="data-table muni-list">
          <caption className="visually-hidden">{t('list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.colTitle')}</th>
              <th scope="col">{t('list.colStatus')}</th>
              <th scope="col">{t('list.colSubject')}</th>
              <th scope="col">{t('list.colMunicipality')}</th>
              <th scope="col">{t('list.colDates')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('list.colActions')}</span>
              </th>
            </tr>
          </thead>
          {cursors.map((c, i) => (
            <ListPage
              key={`${status ?? ''}|${c ?? ''}`}
              status={status}
              after={c}
              last={i === cursors.length - 1}
              onNext={setNext}
              {...(i === 0 ? { onTotal: setTotal } : {})}
              nameOf={munis.nameOf}
              focusFirst={i > 0}
            />
          ))}
        </table>
      </div>
      {next?.hasNext && (
        <Button
          className="button button-secondary more-button"
          isDisabled={next.fetching}
          onPress={() => {
            const cursor = next.endCursor;
            if (cursor) setCursors((prev) => (prev.includes(cursor) ? prev : [...prev, cursor]));
          }}
        >
          {t('list.more')}
        </Button>
      )}
    </section>
  );
}
