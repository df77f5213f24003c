import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { MunicipalHearingDocument } from './municipal.generated';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { Announce, CloseEarly, PublishResults, Reschedule } from './Actions';
import { BASE, StatusBadge, WorkNav, subjectText, useOfficerMunicipalities } from './common';
import { Files } from './Files';
import { LiveTally } from './LiveTally';
import { Moderation } from './Moderation';
import { Participants } from './Participants';
import { Timeline } from './Timeline';
import { formatMoscow } from './moscow';

const POLL_MS = 10_000;
const MAX_TIMEOUT = 2 ** 31 - 1;

/** A message after an action, focused so keyboard and screen-reader users hear it where the button was. */
function Flash({ message, seq }: { message: string | null; seq: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message && seq > 0) ref.current?.focus();
  }, [message, seq]);
  return (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite" className="muni-flash-wrap">
      {message && <p className="muni-flash">{message}</p>}
    </div>
  );
}

/** /work/municipal/:id: a hearing's control page. */
export default function HearingControl() {
  const { t, i18n } = useTranslation('municipal');
  const lang = i18n.language;
  const { id = '' } = useParams();
  const location = useLocation();
  const munis = useOfficerMunicipalities();
  const initialFlash = (location.state as { flash?: string } | null)?.flash;
  const [flash, setFlash] = useState<{ message: string | null; seq: number }>({
    message: initialFlash === 'created' ? t('control.created') : initialFlash === 'saved' ? t('control.saved') : null,
    seq: 0,
  });
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MunicipalHearingDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const h = data?.hearing;
  const status = h?.status;
  const live = status === 'ANNOUNCED' || status === 'OPEN';

  const refresh = useCallback(() => {
    setNow(Date.now());
    reexecute({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  }, [reexecute]);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  // The schedule moves the hearing by itself: read it again every few
  // seconds while it is announced or open, and right after each date.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);
  const opensAt = h?.opensAt;
  const closesAt = h?.closesAt;
  const meetingAt = h?.meetingAt;
  useEffect(() => {
    if (!live) return;
    const next = [opensAt, meetingAt, closesAt]
      .map((x) => (x ? Date.parse(x) : NaN))
      .filter((x) => x > Date.now())
      .sort((a, b) => a - b)[0];
    if (next === undefined) return;
    const delay = next - Date.now() + 1500;
    if (delay > MAX_TIMEOUT) return;
    const timer = setTimeout(refresh, delay);
    return () => clearTimeout(timer);
  }, [live, opensAt, meetingAt, closesAt, refresh]);

  const done = useCallback(
    (message: string) => {
      setFlash((f) => ({ message, seq: f.seq + 1 }));
      refresh();
    },
    [refresh],
  );

  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!h) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">{t('control.notFound')}</h1>
        <WorkNav />
        <Link to={BASE}>{t('control.back')}</Link>
      </section>
    );
  }
  const started = h.status === 'OPEN' || h.status === 'CLOSED' || h.status === 'RESULTS_PUBLISHED';
  const publicLink = `/hearings/${encodeURIComponent(h.id)}`;
  return (
    <article className="page" aria-labelledby="page-title">
      <nav aria-label={t('control.back')} className="breadcrumbs">
        <Link to={BASE}>{t('control.back')}</Link>
      </nav>
      <h1 id="page-title">{h.title}</h1>
      <p>
        <StatusBadge status={h.status} />{' '}
        <span className="note">
          {subjectText(t, h.subject, h.subjectDetail)} · {munis.nameOf(h.municipalityOktmo)}
        </span>
      </p>
      <Flash message={flash.message} seq={flash.seq} />
      {error && data && <p className="note">{t('control.stale')}</p>}
      <p className="button-row">
        {h.status !== 'DRAFT' && (
          <Link className="button button-secondary" to={publicLink}>
            {t('control.publicPage')}
          </Link>
        )}
        {(h.subject === 'LAND_USE_RULES' || h.subject === 'PLANNING_PROJECT') && (
          <Link className="button button-secondary" to={`${BASE}/land-rights?m=${encodeURIComponent(h.municipalityOktmo)}`}>
            {t('control.landRights')}
          </Link>
        )}
      </p>

      <section className="card" aria-labelledby="schedule-title">
        <h2 id="schedule-title">{t('control.schedule')}</h2>
        <p className="field-description">{t('control.scheduleHint')}</p>
        <Timeline hearing={h} now={now} />
      </section>

      {h.status === 'DRAFT' && <Announce hearing={h} onDone={done} />}
      {h.status === 'OPEN' && <CloseEarly hearing={h} onDone={done} />}
      {live && <Reschedule key={`${h.opensAt}|${h.closesAt}|${h.meetingAt ?? ''}|${h.meetingPlace ?? ''}`} hearing={h} now={now} onDone={done} />}
      {h.status === 'CLOSED' && <PublishResults hearing={h} onDone={done} />}
      {h.status === 'RESULTS_PUBLISHED' && (
        <section className="card" aria-labelledby="results-title">
          <h2 id="results-title">{t('results.title')}</h2>
          <p>{t('results.published', { at: formatMoscow(h.protocol?.publishedAt, lang) })}</p>
          {h.conclusion && (
            <>
              <h3>{t('results.conclusion')}</h3>
              <p className="muni-pre">{h.conclusion}</p>
            </>
          )}
          {h.protocol && (
            <p>
              {t('results.sha')} <code className="muni-hash">{h.protocol.sha256}</code>
            </p>
          )}
          <Link className="button button-primary" to={publicLink}>
            {t('results.toPublic')}
          </Link>
        </section>
      )}

      {started && <LiveTally hearingId={h.id} version={version} onChange={bump} />}
      {h.status !== 'DRAFT' && <Moderation hearingId={h.id} editable={h.status !== 'RESULTS_PUBLISHED'} version={version} />}
      {started && <Participants hearingId={h.id} version={version} />}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t('control.details')}</h2>
        <p className="muni-pre">{h.description}</p>
        <dl className="facts">
          <div>
            <dt>{t('form.organiser')}</dt>
            <dd>{h.organiser}</dd>
          </div>
          <div>
            <dt>{t('form.territory')}</dt>
            <dd>{h.territory}</dd>
          </div>
          {h.territoryQuarters.length > 0 && (
            <div>
              <dt>{t('form.quarters')}</dt>
              <dd>{h.territoryQuarters.join(', ')}</dd>
            </div>
          )}
        </dl>
        <h3>{t('control.questions')}</h3>
        <ul className="muni-question-list">
          {h.questions.map((q) => (
            <li key={q.no}>{q.no === 0 ? t('tally.project', { text: q.text }) : q.text}</li>
          ))}
        </ul>
        <h3>{t('form.materials')}</h3>
        {h.materials.length === 0 ? <p>{t('control.noMaterials')}</p> : <Files files={h.materials} />}
      </section>
    </article>
  );
}
