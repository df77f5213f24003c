import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { MunicipalParticipantsDocument } from './municipal.generated';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { ScrollRegion } from './common';
import { formatMoscow } from './moscow';

const PAGE = 50;

interface Next {
  hasNext: boolean;
  endCursor: string | null;
  fetching: boolean;
}

function ParticipantsPage({
  hearingId,
  after,
  last,
  version,
  onNext,
  onTotal,
  focusFirst,
}: {
  hearingId: string;
  after: string | null;
  last: boolean;
  version: number;
  onNext: (next: Next) => void;
  onTotal?: (n: number) => void;
  focusFirst: boolean;
}) {
  const { t, i18n } = useTranslation('municipal');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalParticipantsDocument,
    variables: { id: hearingId, first: PAGE, after },
    requestPolicy: 'cache-and-network',
  });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);
  const conn = data?.hearingParticipants;
  const total = conn?.totalCount;
  useEffect(() => {
    if (total !== undefined) onTotal?.(total);
  }, [total, onTotal]);
  const hasNext = conn?.pageInfo.hasNextPage ?? false;
  const endCursor = conn?.pageInfo.endCursor ?? null;
  useEffect(() => {
    if (last) onNext({ hasNext, endCursor, fetching });
  }, [last, hasNext, endCursor, fetching, onNext]);
  const firstCell = useRef<HTMLTableCellElement>(null);
  const loaded = !!conn;
  useEffect(() => {
    if (loaded && focusFirst) firstCell.current?.focus();
  }, [loaded, focusFirst]);
  if (!conn) {
    return (
      <tbody>
        <tr>
          <td colSpan={4}>
            {fetching && <Loading />}
            {error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
          </td>
        </tr>
      </tbody>
    );
  }
  return (
    <tbody>
      {conn.edges.map(({ cursor, node: p }, i) => (
        <tr key={cursor}>
          <th scope="row" ref={i === 0 ? firstCell : undefined} tabIndex={i === 0 && focusFirst ? -1 : undefined}>
            {[p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ')}
          </th>
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
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<Next | null>(null);
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
          {cursors.map((c, i) => (
            <ParticipantsPage
              key={c ?? ''}
              hearingId={hearingId}
              after={c}
              last={i === cursors.length - 1}
              version={version}
              onNext={setNext}
              {...(i === 0 ? { onTotal: setTotal } : {})}
              focusFirst={i > 0}
            />
          ))}
        </table>
      </ScrollRegion>
      {next?.hasNext && (
        <Button
          className="button button-secondary more-button"
          isDisabled={next.fetching}
          onPress={() => {
            const cursor = next.endCursor;
            if (cursor) setCursors((prev) => (prev.includes(cursor) ? prev : [...prev, cursor]));
          }}
        >
          {t('participants.more')}
        </Button>
      )}
    </section>
  );
}
