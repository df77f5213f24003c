import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { HearingEligibilityCheckDocument, HearingPageDocument } from './hearings.generated';
import { useSession } from '../../lib/auth/useSession';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import { Icon } from '../../lib/ui/icons';
import { HearingStatus } from './HearingCard';
import { FileList } from './Files';
import { Vote } from './Vote';
import { Propose } from './Propose';
import { Proposals } from './Proposals';
import { Tally } from './Tally';
import { Protocol } from './Protocol';
import { formatDateTime } from './format';
import './hearings.css';

type Q = Parameters<typeof Vote>[0]['questions'];

/** Whether the signed-in citizen may take part and exactly why not; the vote and proposal forms when he may. */
function Participation({ hearingId, open, questions, onProposed }: { hearingId: string; open: boolean; questions: Q; onProposed: () => void }) {
  const { t } = useTranslation('hearings');
  const session = useSession();
  const signedIn = session.status === 'signedIn';
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: HearingEligibilityCheckDocument,
    variables: { id: hearingId },
    pause: !signedIn,
    requestPolicy: 'network-only',
  });
  const el = data?.hearingEligibility;
  const allowed = !!el?.allowed;
  return (
    <section aria-labelledby="participation-title" className={`card ${signedIn && el ? (allowed ? 'access-ok' : 'access-no') : ''}`}>
      <h2 id="participation-title">{t('participation')}</h2>
      {!signedIn && session.status !== 'restoring' && (
        <>
          <p>{t('signInToTakePart')}</p>
          <div className="button-row">
            <Link className="button button-primary" to="/signin" state={{ from: `/hearings/${encodeURIComponent(hearingId)}` }}>
              {t('common:signIn')}
            </Link>
            <Link className="button button-secondary" to="/register">
              {t('common:register')}
            </Link>
          </div>
        </>
      )}
      {signedIn && !el && fetching && <Loading />}
      {signedIn && !el && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {el && allowed && (
        <p className="status-line status-ok" data-testid="eligibility">
          <Icon name="check" size={20} /> {t('eligible')}
        </p>
      )}
      {el && !allowed && (
        <>
          <p className="status-line status-no" data-testid="eligibility">
            <Icon name="cross" size={20} /> {t('notEligible')}
          </p>
          <p>{el.message ?? (el.reason ? t(`reason.${el.reason}`, { defaultValue: el.reason }) : '')}</p>
          {(el.reason === 'NOT_CONFIRMED' || el.reason === 'ADDRESS_NOT_VERIFIED') && (
            <Link className="button button-secondary" to="/account">
              {t('goToAccount')}
            </Link>
          )}
        </>
      )}
      {el && allowed && open && (
        <>
          <Vote hearingId={hearingId} questions={questions} />
          <Propose hearingId={hearingId} onSent={onProposed} />
        </>
      )}
    </section>
  );
}

export default function HearingPage() {
  const { t, i18n } = useTranslation('hearings');
  const lang = i18n.language;
  const { id = '' } = useParams();
  const session = useSession();
  const [proposed, setProposed] = useState(0);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: HearingPageDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  const h = data?.hearing;
  if (!h) {
    return (
      <div className="page">
        <h1 id="page-title">{t('notFound')}</h1>
        <Link to="/hearings">{t('back')}</Link>
      </div>
    );
  }
  const open = h.status === 'OPEN';
  const closed = h.status === 'CLOSED' || h.status === 'RESULTS_PUBLISHED';
  const roles = session.account?.roles ?? [];
  // An organiser sees the tally live; everyone else from the closing on.
  const organiser = roles.includes('MUNICIPAL_OFFICER');
  const signedIn = session.status === 'signedIn';
  return (
    <article className="page" aria-labelledby="page-title">
      <nav aria-label={t('back')} className="breadcrumbs">
        <Link to="/hearings">{t('back')}</Link>
      </nav>
      <h1 id="page-title">{h.title}</h1>
      <p>
        <HearingStatus status={h.status} />
      </p>
      <p className="lead">{h.description}</p>
      {h.earlyCloseReason && <p className="note">{t('earlyClosed', { reason: h.earlyCloseReason })}</p>}
      <dl className="facts">
        <div>
          <dt>{t('facts.subject')}</dt>
          <dd>{h.subject === 'CHARTER_QUESTION' && h.subjectDetail ? h.subjectDetail : t(`subject.${h.subject}`)}</dd>
        </div>
        <div>
          <dt>{t('facts.organiser')}</dt>
          <dd>{h.organiser}</dd>
        </div>
        <div>
          <dt>{t('facts.opens')}</dt>
          <dd>{formatDateTime(h.opensAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('facts.closes')}</dt>
          <dd>{formatDateTime(h.closedAt ?? h.closesAt, lang)}</dd>
        </div>
        {h.meetingAt && (
          <div>
            <dt>{t('facts.meeting')}</dt>
            <dd>
              {formatDateTime(h.meetingAt, lang)}
              {h.meetingPlace && `, ${h.meetingPlace}`}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('facts.territory')}</dt>
          <dd>{h.territory}</dd>
        </div>
        {h.territoryQuarters.length > 0 && (
          <div>
            <dt>{t('facts.quarters')}</dt>
            <dd>{h.territoryQuarters.join(', ')}</dd>
          </div>
        )}
      </dl>

      <section className="card" aria-labelledby="materials-title">
        <h2 id="materials-title">{t('materials')}</h2>
        {h.materials.length === 0 ? <p>{t('noMaterials')}</p> : <FileList files={h.materials} label={t('materials')} />}
      </section>

      <Participation hearingId={h.id} open={open} questions={h.questions} onProposed={() => setProposed((n) => n + 1)} />

      <Tally hearingId={h.id} visible={closed || (open && organiser && signedIn)} live={closed || organiser} />

      <Proposals hearingId={h.id} canSupport={open && signedIn} version={proposed} />

      {(h.conclusion || h.protocolId) && <Protocol conclusion={h.conclusion} protocolId={h.protocolId} />}

      <section className="card" aria-labelledby="stages-title">
        <h2 id="stages-title">{t('stages')}</h2>
        <ol className="hearing-stages">
          {h.stages.map((s) => (
            <li key={s.status}>
              <HearingStatus status={s.status} /> {formatDateTime(s.at, lang)}{' '}
              <span className="note">({s.scheduled ? t('scheduled') : t('byOfficer')})</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
