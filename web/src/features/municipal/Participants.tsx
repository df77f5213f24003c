import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MunicipalParticipantsDocument } from './municipal.generated';
import { PagePending, ShowMore } from '../work/Paging';
import { useConnectionPage, useConnectionPages, type PageSlot } from '../work/useConnectionPages';
import { ScrollRegion } from './common';
import { formatMoscow } from './moscow';

const PAGE = 50;

function ParticipantsPage({ page, hearingId, version }: { page: PageSlot; hearingId: string; version: number }) {
  const { t, i18n } = useTranslation('municipal');
  const { conn, fetching, error, retry, bodyRef } = useConnectionPage({
    slot: page,
    query: MunicipalParticipantsDocument,
    variables: { id: hearingId },
    size: PAGE,
    pick: (d) => d.hearingParticipants,
    focus: 'th',
  });
  // A new version (a vote or a proposal came in) fetches the pages already shown again.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    retry();
  }, [version, retry]);
  if (!conn) return <PagePending colSpan={4} fetching={fetching} error={error} retry={retry} />;
  return (
    <tbody ref={bodyRef}>
      {conn.edges.map(({ cursor, node: p }) => (
        <tr key={cursor}>
          <th scope="row">{[p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ')}</th>
          <td>{p.voted ? t('participants.yes') : t('participants.no')}</td>
          <td>{p.proposals}</td>
          <td>{formatMoscow(p.firstAt, i18n.language)}</td>
        </tr>
      ))}
    </tbody>
  );
}

/** Who voted or proposed, as the protocol needs (the organiser only), page by page. */
export function Participants({ hearingId, version }: { hearingId: string; version: number }) {
  const { t } = useTranslation('municipal');
  const list = useConnectionPages(hearingId);
  const { total } = list;
  return (
    <section className="card" aria-labelledby="participants-title" id="participants">
      <h2 id="participants-title">{t('participants.title')}</h2>
      <p role="status" aria-live="polite">
        {total !== null && t('participants.total', { count: total })}
      </p>
      {total === 0 && <p>{t('participants.none')}</p>}
      <ScrollRegion label={t('participants.title')} hidden={total === 0}>
        <table className="data-table">
          <caption className="visually-hidden">{t('participants.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('participants.name')}</th>
              <th scope="col">{t('participants.voted')}</th>
              <th scope="col">{t('participants.proposals')}</th>
              <th scope="col">{t('participants.firstAt')}</th>
            </tr>
          </thead>
          {list.pages.map((page) => (
            <ParticipantsPage key={page.key} page={page} hearingId={hearingId} version={version} />
          ))}
        </table>
      </ScrollRegion>
      <ShowMore next={list.next} onMore={list.more} className="button button-secondary more-button">
        {t('participants.more')}
      </ShowMore>
    </section>
  );
}
