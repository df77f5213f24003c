import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, Form, Radio, RadioGroup, Label } from 'react-aria-components';
import {
  ApplicationDocument,
  RateApplicationDocument,
  RespondToApplicationDocument,
  WithdrawApplicationDocument,
  type ApplicationFieldsFragment,
} from './applications.generated';
import type { ApplicationStatus } from '../../gql/types';
import { ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList, TextField } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { SignedIn, formatTime, useServiceName } from './common';
import { valuesFromData } from './schemaForm';
import './documents.css';

const FINAL: ApplicationStatus[] = ['COMPLETED', 'REJECTED', 'WITHDRAWN'];
/** How often an unfinished application is asked again (its stages are moved by the department). */
export const POLL_MS = 4000;

function Respond({ app }: { app: ApplicationFieldsFragment }) {
  const { t } = useTranslation('documents');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, respond] = useMutation(RespondToApplicationDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await respond({ input: { id: app.id, comment } });
    if (res.error) setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
    else setErrors(mapUserErrors(res.data?.respondToApplication.userErrors, ['comment']));
  };
  return (
    <section className="card" aria-labelledby="respond-title">
      <h2 id="respond-title">{t('app.respond')}</h2>
      <p>
        <strong>{t('app.request')}:</strong> {app.request}
      </p>
      <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="respond-title">
        <FormErrorList messages={errors.form} />
        <TextField label={t('app.respondComment')} name="comment" value={comment} onChange={setComment} error={errors.fields.comment} isRequired />
        <Button type="submit" className="button button-primary" isDisabled={fetching}>
          {t('app.respondSend')}
        </Button>
      </Form>
    </section>
  );
}

function Withdraw({ id }: { id: string }) {
  const { t } = useTranslation('documents');
  const [asking, setAsking] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, withdraw] = useMutation(WithdrawApplicationDocument);
  const go = async () => {
    const res = await withdraw({ id });
    if (res.error) setErrors([describeError(res.error, t) ?? '']);
    else setErrors((res.data?.withdrawApplication.userErrors ?? []).map((e) => e.message));
    setAsking(false);
  };
  return (
    <section className="section">
      <FormErrorList messages={errors} />
      {asking ? (
        <div role="alertdialog" aria-labelledby="withdraw-q" className="card">
          <p id="withdraw-q">{t('app.withdrawConfirm')}</p>
          <div className="button-row">
            <Button className="button button-primary" isDisabled={fetching} onPress={() => void go()}>
              {t('app.withdrawYes')}
            </Button>
            <Button className="button button-secondary" onPress={() => setAsking(false)}>
              {t('app.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <Button className="button button-secondary" onPress={() => setAsking(true)}>
          {t('app.withdraw')}
        </Button>
      )}
    </section>
  );
}

/**
 * The rating form of a finished application, or the score once given: the
 * application's myRating (after a reload too), or at once the score just
 * sent while the application is read again.
 */
function Rate({ id, myRating, onRated }: { id: string; myRating: number | null; onRated: () => void }) {
  const { t } = useTranslation('documents');
  const [score, setScore] = useState('');
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, rate] = useMutation(RateApplicationDocument);
  const rated = myRating ?? sent;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!score) {
      setErrors({ fields: { score: t('apply.chooseOne') }, form: [] });
      return;
    }
    const res = await rate({ input: { id, score: Number(score), comment: comment.trim() || null } });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
      return;
    }
    const p = res.data?.rateApplication;
    if (p?.ok) {
      setSent(Number(score));
      onRated();
    } else setErrors(mapUserErrors(p?.userErrors, ['score', 'comment']));
  };
  return (
    <section className="card" aria-labelledby="rate-title">
      <h2 id="rate-title">{t(rated == null ? 'app.rate' : 'app.yourRating')}</h2>
      {rated != null ? (
        <p role="status" data-testid="my-rating">
          {t('app.youRated', { n: rated })}
          {sent != null && ` ${t('app.rated')}`}
        </p>
      ) : (
        <Form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="rate-title">
          <p className="note">{t('app.rateHint')}</p>
          <FormErrorList messages={errors.form} />
          <RadioGroup
            className="radio-group"
            value={score}
            onChange={setScore}
            isInvalid={!!errors.fields.score}
            aria-describedby={errors.fields.score ? 'score-error' : undefined}
          >
            <Label className="field-label">{t('app.score')}</Label>
            <div className="score-row">
              {[1, 2, 3, 4, 5].map((n) => (
                <Radio key={n} value={String(n)} className="radio" aria-label={t('app.scoreN', { n })}>
                  {n}
                </Radio>
              ))}
            </div>
            {errors.fields.score && (
              <span id="score-error" className="field-error">
                {errors.fields.score}
              </span>
            )}
          </RadioGroup>
          <TextField label={t('app.rateComment')} name="comment" value={comment} onChange={setComment} error={errors.fields.comment} />
          <Button type="submit" className="button button-primary" isDisabled={fetching}>
            {t('app.rateSend')}
          </Button>
        </Form>
      )}
    </section>
  );
}

function Content({ id }: { id: string }) {
  const { t, i18n } = useTranslation('documents');
  const serviceName = useServiceName();
  const online = useOnline();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ApplicationDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const app = data?.application;
  const live = !!app && !FINAL.includes(app.status) && online;
  // Live stages: asked again while the department may move it.
  useEffect(() => {
    if (!live) return;
    const timer = window.setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => window.clearInterval(timer);
  }, [live, reexecute]);
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!app) return <h1 id="page-title">{t('app.notFound')}</h1>;
  const fields = Object.entries(valuesFromData(app.data));
  return (
    <>
      <h1 id="page-title">{serviceName(app.serviceCode)}</h1>
      <section className="card" aria-labelledby="app-status">
        <h2 id="app-status">{t('app.status')}</h2>
        <p role="status" aria-live="polite">
          <span className={`status-badge status-badge-${app.status}`} data-testid="application-status">
            {t(`status.${app.status}`)}
          </span>
        </p>
        <dl className="facts">
          <div>
            <dt>{t('app.number')}</dt>
            <dd className="hash">{app.id}</dd>
          </div>
          <div>
            <dt>{t('apps.submitted')}</dt>
            <dd>
              {formatTime(app.submittedAt ?? app.createdAt, i18n.language)} · {t(`channel.${app.channel}`)}
            </dd>
          </div>
        </dl>
        {app.status === 'REJECTED' && app.reason && (
          <p>
            <strong>{t('app.reason')}:</strong> {app.reason}
          </p>
        )}
        {app.resultDocumentId && (
          <p>
            <Link className="button button-primary" to={`/documents/${encodeURIComponent(app.resultDocumentId)}`}>
              {t('app.openResult')}
            </Link>
          </p>
        )}
        {live && <p className="note">{t('app.live')}</p>}
      </section>
      {app.status === 'AWAITING_CITIZEN' && <Respond app={app} />}
      <section className="card" aria-labelledby="app-stages">
        <h2 id="app-stages">{t('app.stages')}</h2>
        <ol className="stages" data-testid="application-stages">
          {app.stages.map((s, i) => (
            <li key={`${s.status}-${s.at}-${i}`}>
              <strong>{t(`status.${s.status}`)}</strong>
              <span className="stage-time">{formatTime(s.at, i18n.language)}</span>
              {s.comment && <span>{s.comment}</span>}
            </li>
          ))}
        </ol>
      </section>
      {fields.length > 0 && (
        <section className="card" aria-labelledby="app-fields">
          <h2 id="app-fields">{t('app.fields')}</h2>
          <dl className="facts">
            {fields.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{t(`apply.enum.${v}`, { defaultValue: v })}</dd>
              </div>
            ))}
          </dl>
          {app.documents.length > 0 && (
            <>
              <h3>{t('app.attached')}</h3>
              <ul>
                {app.documents.map((d) => (
                  <li key={d.requirement}>
                    {d.requirement}: {d.documentId ? t('apply.attachedDuplicate') : t('apply.attachedFile', { type: d.contentType ?? '' })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {app.status === 'COMPLETED' || app.status === 'REJECTED' ? (
        <Rate id={app.id} myRating={app.myRating} onRated={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : null}
      {!FINAL.includes(app.status) && app.status !== 'DRAFT' && <Withdraw id={app.id} />}
    </>
  );
}

export default function ApplicationPage() {
  const { t } = useTranslation('documents');
  const { id = '' } = useParams();
  return (
    <article className="page page-narrow">
      <nav className="breadcrumbs" aria-label={t('app.back')}>
        <Link to="/documents/applications">{t('app.back')}</Link>
      </nav>
      <SignedIn title={t('apps.title')}>
        <Content id={id} />
      </SignedIn>
    </article>
  );
}
