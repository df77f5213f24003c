import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MunicipalHearingsDocument } from './municipal.generated';
import type { HearingStatus } from '../../gql/types';
import { Empty } from '../../lib/ui/StateViews';
import { PagePending, ShowMore } from '../work/Paging';
import { useConnectionPage, useConnectionPages, type PageSlot } from '../work/useConnectionPages';
import { BASE, STATUSES, StatusBadge, WorkNav, subjectText, useOfficerMunicipalities } from './common';
import { formatMoscowShort } from './moscow';

const PAGE = 20;

/** One page of the officer's hearings, as its own <tbody> (see useConnectionPages). */
function ListPage({ page, status, nameOf }: { page: PageSlot; status: HearingStatus | null; nameOf: (oktmo: string) => string }) {
  const { t, i18n } = useTranslation('municipal');
  const lang = i18n.language;
  const { conn, fetching, error, retry, bodyRef } = useConnectionPage({
    slot: page,
    query: MunicipalHearingsDocument,
    variables: { status },
    size: PAGE,
    pick: (d) => d.organisedHearings,
    focus: 'a',
  });
  if (!conn) return <PagePending colSpan={6} fetching={fetching} error={error} retry={retry} />;
  return (
    <tbody ref={bodyRef} aria-busy={fetching || undefined}>
      {conn.edges.map(({ node: h }) => (
        <tr key={h.id}>
          <td>
            <Link to={`${BASE}/${encodeURIComponent(h.id)}`}>{h.title}</Link>
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
  const list = useConnectionPages(status ?? '');
  const { total } = list;
  const statusId = useId();
  const munis = useOfficerMunicipalities();

  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
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
          {list.pages.map((page) => (
            <ListPage key={page.key} page={page} status={status} nameOf={munis.nameOf} />
          ))}
        </table>
      </div>
      <ShowMore next={list.next} onMore={list.more} className="button button-secondary more-button">
        {t('list.more')}
      </ShowMore>
    </section>
  );
}
