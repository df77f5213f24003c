import { useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { OfficerQueueDocument } from './officer.generated';
import type { ApplicationStatus } from '../../gql/types';
import { Empty, ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import {
  PAGE_SIZE,
  QUEUE_STATUSES,
  formatTime,
  pageFromParam,
  pageRange,
  rowDate,
  sortRows,
  type Sort,
  type SortKey,
} from './format';
import { useOfficerNames } from './names';

/** Where an application was opened from: the queue's filters and page, for the way back. */
export interface QueueHint {
  search: string;
}

function statusParam(v: string | null): ApplicationStatus | null {
  return v && (QUEUE_STATUSES as string[]).includes(v) ? (v as ApplicationStatus) : null;
}

/** /work/officer: the applications of the officer's departments, oldest first. */
export default function Queue() {
  const { t, i18n } = useTranslation('officer');
  const lang = i18n.language;
  const names = useOfficerNames(lang);
  const online = useOnline();
  const [params, setParams] = useSearchParams();
  const status = statusParam(params.get('status'));
  const serviceCode = params.get('service') || null;
  const page = pageFromParam(params.get('page'));
  const offset = (page - 1) * PAGE_SIZE;
  const [sort, setSort] = useState<Sort>({ key: 'date', dir: 'asc' });
  const captionRef = useRef<HTMLTableCaptionElement>(null);
  const serviceId = useId();

  const [{ data, fetching, error, stale }, reexecute] = useQuery({
    query: OfficerQueueDocument,
    variables: { status, serviceCode, first: PAGE_SIZE, offset },
    requestPolicy: 'cache-and-network',
  });
  const queue = data?.departmentApplications;
  const rows = useMemo(() => sortRows(queue?.applications ?? [], sort, lang), [queue, sort, lang]);
  const all = (queue?.counts ?? []).reduce((s, c) => s + c.count, 0);

  // The service filter: the services of the officer's departments, and any code on the page.
  const serviceOptions = useMemo(() => {
    const m = new Map(names.myServices);
    for (const a of queue?.applications ?? []) if (!m.has(a.serviceCode)) m.set(a.serviceCode, a.serviceName);
    if (serviceCode && !m.has(serviceCode)) m.set(serviceCode, names.service(serviceCode));
    return [...m.entries()];
  }, [names, queue, serviceCode]);

  function update(next: { status?: ApplicationStatus | null; service?: string | null; page?: number }) {
    const p = new URLSearchParams(params);
    const set = (k: string, v: string | null | undefined) => (v ? p.set(k, v) : p.delete(k));
    if ('status' in next) set('status', next.status);
    if ('service' in next) set('service', next.service);
    set('page', next.page && next.page > 1 ? String(next.page) : null);
    setParams(p);
  }

  function goPage(n: number) {
    update({ page: n });
    // Keep the keyboard user at the table: the buttons may disable.
    window.setTimeout(() => captionRef.current?.focus(), 0);
  }

  function toggleSort(key: SortKey) {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  }

  const range = queue ? pageRange(offset, queue.applications.length, queue.totalCount) : null;
  const pages = queue ? Math.max(1, Math.ceil(queue.totalCount / PAGE_SIZE)) : 1;
  const hint: QueueHint = { search: params.toString() };

  const sortHeader = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => toggleSort(key)} aria-label={t('queue.sortBy', { column: label })}>
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('queue.title')}</h1>
      {names.myDepartments.length > 0 && (
        <p className="note">{t('queue.departments', { list: names.myDepartments.map(names.department).join(', ') })}</p>
      )}
      {!online && (
        <p className="note" role="status">
          {t('queue.offline')}
        </p>
      )}

      <div className="toolbar officer-filters">
        <div role="group" aria-label={t('queue.stageFilter')} className="stage-chips" data-testid="stage-chips">
          <button type="button" className="stage-chip" aria-pressed={status === null} onClick={() => update({ status: null })}>
            {t('queue.all')} <span className="stage-count">{queue ? all : '…'}</span>
          </button>
          {QUEUE_STATUSES.map((s) => {
            const n = queue?.counts.find((c) => c.status === s)?.count;
            return (
              <button
                key={s}
                type="button"
                className="stage-chip"
                aria-pressed={status === s}
                data-status={s}
                onClick={() => update({ status: status === s ? null : s })}
              >
                {t(`status.${s}`)} <span className="stage-count">{n ?? '…'}</span>
              </button>
            );
          })}
        </div>
        <div className="field service-filter">
          <label className="field-label" htmlFor={serviceId}>
            {t('queue.service')}
          </label>
          <select
            id={serviceId}
            className="field-input"
            value={serviceCode ?? ''}
            onChange={(e) => update({ service: e.currentTarget.value || null })}
          >
            <option value="">{t('queue.allServices')}</option>
            {serviceOptions.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {!data && fetching ? (
        <Loading />
      ) : !data && error ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : queue && queue.applications.length === 0 ? (
        <Empty title={t('queue.empty')}>
          <p>{status || serviceCode ? t('queue.emptyFiltered') : t('queue.emptyAll')}</p>
          {(status || serviceCode) && (
            <button type="button" className="button button-secondary" onClick={() => update({ status: null, service: null })}>
              {t('queue.resetFilters')}
            </button>
          )}
        </Empty>
      ) : queue ? (
        <>
          <p className="result-count" aria-live="polite" data-testid="queue-range">
            {range ? t('queue.range', range) : ''}
            {(stale || fetching) && <span className="spinner spinner-inline" aria-hidden="true" />}
          </p>
          {error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
          <div className="table-wrap">
            <table className="data-table" data-testid="queue">
              <caption ref={captionRef} tabIndex={-1} className="table-caption">
                {t('queue.caption')}. <span className="note">{t('queue.sortHint')}</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('queue.number')}</th>
                  {sortHeader('service', t('queue.service'))}
                  <th scope="col">{t('queue.applicant')}</th>
                  <th scope="col">{t('queue.channel')}</th>
                  <th scope="col">{t('queue.stage')}</th>
                  {sortHeader('date', t('queue.date'))}
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => {
                  const number = a.id.slice(0, 8);
                  return (
                    <tr key={a.id}>
                      <td>
                        <Link
                          to={`/work/officer/applications/${encodeURIComponent(a.id)}`}
                          state={{ queue: hint }}
                          aria-label={t('queue.open', { number })}
                          className="app-number"
                        >
                          {number}
                        </Link>
                      </td>
                      <td>{a.serviceName}</td>
                      <td>{a.applicantName ?? <span className="note">{t('queue.unknownApplicant')}</span>}</td>
                      <td>{t(`channel.${a.channel}`)}</td>
                      <td>
                        <span className={`stage-badge stage-${a.status}`}>{t(`status.${a.status}`)}</span>
                      </td>
                      <td className="nowrap">
                        <time dateTime={rowDate(a)}>{formatTime(rowDate(a), lang)}</time>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('queue.pages')}>
            <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => goPage(page - 1)}>
              {t('queue.prev')}
            </button>
            <span className="note">{t('queue.page', { page, pages })}</span>
            <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => goPage(page + 1)}>
              {t('queue.next')}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}
