import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { HearingTallyLiveDocument, HearingTallyNowDocument, type HearingTallyFieldsFragment } from './hearings.generated';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { percent } from './format';

function Counts({ tally }: { tally: HearingTallyFieldsFragment }) {
  const { t, i18n } = useTranslation('hearings');
  return (
    <>
      <p>{t('voters', { voters: tally.voters, eligible: tally.eligible, percent: percent(tally.voters, tally.eligible, i18n.language) })}</p>
      {tally.questions.map((q) => {
        const total = q.for + q.against + q.abstain || 1;
        return (
          <div key={q.question} className="hearing-tally-row">
            <p>
              <strong>{q.question === 0 ? t('project') : q.text}</strong>
            </p>
            <p>
              {t('count', { option: t('option.FOR'), count: q.for })} · {t('count', { option: t('option.AGAINST'), count: q.against })} ·{' '}
              {t('count', { option: t('option.ABSTAIN'), count: q.abstain })}
            </p>
            <div className="hearing-bar" aria-hidden="true">
              <span className="hearing-bar-for" style={{ width: `${(q.for / total) * 100}%` }} />
              <span className="hearing-bar-against" style={{ width: `${(q.against / total) * 100}%` }} />
              <span className="hearing-bar-abstain" style={{ width: `${(q.abstain / total) * 100}%` }} />
            </div>
          </div>
        );
      })}
    </>
  );
}

/**
 * The tally: public from the closing on, live to the organiser. The
 * subscription pushes the counts as they change (its first message is the
 * tally now); the query gives them when websockets are unavailable.
 */
export function Tally({ hearingId, visible, live }: { hearingId: string; visible: boolean; live: boolean }) {
  const { t } = useTranslation('hearings');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: HearingTallyNowDocument,
    variables: { id: hearingId },
    pause: !visible,
    requestPolicy: 'cache-and-network',
  });
  const [sub] = useSubscription({ query: HearingTallyLiveDocument, variables: { id: hearingId }, pause: !visible || !live });
  const tally = sub.data?.hearingTally ?? data?.hearingTally;
  return (
    <section className="card" aria-labelledby="tally-title">
      <h2 id="tally-title">{t('tally')}</h2>
      {!visible && <p>{t('tallyLater')}</p>}
      {visible && !tally && fetching && <Loading />}
      {visible && !tally && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {tally && (
        <div aria-live="polite">
          <p className="note">{tally.final ? t('tallyFinal') : t('tallyLive')}</p>
          <Counts tally={tally} />
        </div>
      )}
    </section>
  );
}
