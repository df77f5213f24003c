import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import {
  MunicipalParticipantsDocument,
  MunicipalTallyLiveDocument,
  MunicipalTallyNowDocument,
  type MunicipalTallyFragment,
} from './municipal.generated';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { ScrollRegion } from './common';
import { turnout } from './moscow';

/**
 * The live tally and the turnout, for the organiser: the subscription pushes
 * the counts after every vote (its first message is the tally now); the query
 * gives them when websockets are unavailable. Each change is passed on
 * (onChange), so the participants and proposals are read again.
 */
export function LiveTally({ hearingId, version, onChange }: { hearingId: string; version: number; onChange: () => void }) {
  const { t, i18n } = useTranslation('municipal');
  const lang = i18n.language;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalTallyNowDocument,
    variables: { id: hearingId },
    requestPolicy: 'cache-and-network',
  });
  const [sub] = useSubscription({ query: MunicipalTallyLiveDocument, variables: { id: hearingId } });
  const [people, rePeople] = useQuery({
    query: MunicipalParticipantsDocument,
    variables: { id: hearingId, first: 1, after: null },
    requestPolicy: 'cache-and-network',
  });
  const live = sub.data?.hearingTally;
  const stamp = live ? JSON.stringify(live) : '';
  useEffect(() => {
    if (stamp) onChange();
  }, [stamp, onChange]);
  // The pushes are the freshest, but the final tally (read again after closing) wins over them.
  const fetched = data?.hearingTally;
  const tally: MunicipalTallyFragment | undefined = fetched?.final ? fetched : (live ?? fetched);
  useEffect(() => {
    if (version > 0) {
      reexecute({ requestPolicy: 'network-only' });
      rePeople({ requestPolicy: 'network-only' });
    }
  }, [version, reexecute, rePeople]);

  const participants = people.data?.hearingParticipants.totalCount;
  return (
    <section className="card" aria-labelledby="tally-title" id="tally">
      <h2 id="tally-title">{t('tally.title')}</h2>
      {!tally && fetching && <Loading />}
      {!tally && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {tally && (
        <>
          <p className="note">{tally.final ? t('tally.final') : sub.error ? t('tally.notLive') : t('tally.live')}</p>
          <ul className="counts" aria-live="polite" aria-atomic="true" data-testid="turnout">
            <li>{t('tally.voters', { count: tally.voters })}</li>
            <li>{t('tally.eligible', { count: tally.eligible })}</li>
            <li>{t('tally.turnout', { percent: turnout(tally.voters, tally.eligible, lang) })}</li>
            {participants !== undefined && <li>{t('tally.participants', { count: participants })}</li>}
          </ul>
          <ScrollRegion label={t('tally.caption')}>
            <table className="data-table muni-tally">
              <caption className="visually-hidden">{t('tally.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tally.question')}</th>
                  <th scope="col">{t('option.FOR')}</th>
                  <th scope="col">{t('option.AGAINST')}</th>
                  <th scope="col">{t('option.ABSTAIN')}</th>
                </tr>
              </thead>
              <tbody>
                {tally.questions.map((q) => {
                  const total = q.for + q.against + q.abstain || 1;
                  return (
                    <tr key={q.question} data-question={q.question}>
                      <th scope="row">
                        {q.question === 0 ? t('tally.project', { text: q.text }) : q.text}
                        <span className="muni-bar" aria-hidden="true">
                          <span className="muni-bar-for" style={{ width: `${(q.for / total) * 100}%` }} />
                          <span className="muni-bar-against" style={{ width: `${(q.against / total) * 100}%` }} />
                          <span className="muni-bar-abstain" style={{ width: `${(q.abstain / total) * 100}%` }} />
                        </span>
                      </th>
                      <td>{q.for}</td>
                      <td>{q.against}</td>
                      <td>{q.abstain}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}
