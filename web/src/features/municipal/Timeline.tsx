import { useTranslation } from 'react-i18next';
import type { MunicipalHearingFullFragment } from './municipal.generated';
import type { HearingStatus } from '../../gql/types';
import { formatMoscow } from './moscow';

type Step = {
  key: 'announced' | 'opens' | 'meeting' | 'closes' | 'results';
  stage: HearingStatus | null;
  planned: string | null | undefined;
};

/**
 * The hearing's schedule: the stages it reached (by its schedule or by an
 * officer, and when), and those still ahead with their planned times. The
 * opening and closing happen by themselves; the page reads the hearing again
 * at those moments and every few seconds meanwhile.
 */
export function Timeline({ hearing: h, now }: { hearing: MunicipalHearingFullFragment; now: number }) {
  const { t, i18n } = useTranslation('municipal');
  const lang = i18n.language;
  const steps: Step[] = [
    { key: 'announced', stage: 'ANNOUNCED', planned: null },
    { key: 'opens', stage: 'OPEN', planned: h.opensAt },
    { key: 'meeting', stage: null, planned: h.meetingAt },
    { key: 'closes', stage: 'CLOSED', planned: h.closesAt },
    { key: 'results', stage: 'RESULTS_PUBLISHED', planned: null },
  ];
  const closed = h.stages.find((x) => x.status === 'CLOSED');
  let nextMarked = false;
  return (
    <ol className="muni-timeline">
      {steps.map((s) => {
        const reached = s.stage ? h.stages.find((x) => x.status === s.stage) : undefined;
        const meetingPassed = s.key === 'meeting' && !!s.planned && Date.parse(s.planned) <= now;
        const done = !!reached || meetingPassed;
        // A meeting planned after an early closing did not take place.
        const skipped = !done && s.key === 'meeting' && !!closed;
        const isNext = !done && !skipped && !nextMarked && h.status !== 'DRAFT';
        if (isNext) nextMarked = true;
        const state = done ? 'done' : skipped ? 'skipped' : isNext ? 'next' : 'planned';
        let detail: string;
        if (skipped) detail = t('timeline.skipped', { at: formatMoscow(s.planned, lang) });
        else if (reached) detail = t(reached.scheduled ? 'timeline.doneScheduled' : 'timeline.doneByOfficer', { at: formatMoscow(reached.at, lang) });
        else if (meetingPassed) detail = t('timeline.held', { at: formatMoscow(s.planned, lang) });
        else if (s.planned) detail = t('timeline.plannedAt', { at: formatMoscow(s.planned, lang) });
        else detail = t(`timeline.pending.${s.key}`);
        return (
          <li key={s.key} className={`muni-step muni-step-${state}`} data-step={s.key} aria-current={isNext ? 'step' : undefined}>
            <span className="muni-step-mark" aria-hidden="true" />
            <span>
              <strong>{t(`timeline.${s.key}`)}</strong>
              <span className="visually-hidden"> — {t(`timeline.state.${state}`)}</span>
              <br />
              <span className="muni-step-detail">{detail}</span>
              {s.key === 'meeting' && h.meetingPlace && <span className="muni-step-detail">. {h.meetingPlace}</span>}
              {s.key === 'closes' && h.earlyCloseReason && (
                <>
                  <br />
                  <span className="muni-step-detail">{t('timeline.earlyReason', { reason: h.earlyCloseReason })}</span>
                </>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
