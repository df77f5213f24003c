import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button, FieldError, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { OfficerApplicationDocument, OfficerMoveApplicationDocument, type OfficerApplicationFullFragment } from './officer.generated';
import type { ApplicationStatus } from '../../gql/types';
import { ErrorState, Loading, useOnline } from '../../lib/ui/StateViews';
import { FormErrorList } from '../../lib/ui/fields';
import { describeError } from '../../lib/forms/apiError';
import { mapUserErrors, noErrors, type FormErrors } from '../../lib/forms/userErrors';
import { MAX_RESULT_BYTES, RESULT_TYPES, dataEntries, formatTime, needsComment, nextStages } from './format';
import { useOfficerNames } from './names';
import type { QueueHint } from './Queue';

type App = OfficerApplicationFullFragment;

/** The move form: the allowed next stages, a comment, and the result's file on completion. */
function Move({ app, onMoved }: { app: App; onMoved: (to: ApplicationStatus) => void }) {
  const { t } = useTranslation('officer');
  const online = useOnline();
  const options = nextStages(app.status);
  const [to, setTo] = useState<ApplicationStatus>(options.find((s) => s !== 'REJECTED') ?? options[0]!);
  const [comment, setComment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [{ fetching }, move] = useMutation(OfficerMoveApplicationDocument);
  const fileRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const fileId = useId();

  function chooseFile(f: File | undefined) {
    if (!f) {
      setFile(null);
      return;
    }
    const problem = !RESULT_TYPES.includes(f.type) ? t('move.resultType') : f.size > MAX_RESULT_BYTES ? t('move.resultSize') : null;
    setErrors((e) => ({ ...e, fields: { ...e.fields, result: problem ?? '' } }));
    setFile(problem ? null : f);
    if (problem && fileRef.current) fileRef.current.value = '';
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (fetching) return;
    const withFile = to === 'COMPLETED' && file;
    const res = await move({
      input: { id: app.id, to, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(withFile ? { result: file } : {}) },
    });
    if (res.error) {
      setErrors({ fields: {}, form: [describeError(res.error, t) ?? ''] });
      return;
    }
    const p = res.data?.moveApplication;
    if (p?.application) {
      setErrors(noErrors);
      setComment('');
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onMoved(to);
      return;
    }
    const mapped = mapUserErrors(p?.userErrors, ['comment', 'result'], {
      'input.comment': 'comment',
      'input.result': 'result',
      file: 'result',
    });
    setErrors(mapped);
    if (mapped.fields.comment) document.getElementById(`${fileId}-comment`)?.focus();
  }

  // Ctrl/Cmd+Enter in the comment sends the form.
  function onCommentKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  }

  const required = needsComment(to);
  return (
    <section className="card" aria-labelledby="move-title">
      <h2 id="move-title">{t('move.title')}</h2>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="move-title">
        <FormErrorList messages={errors.form} />
        <RadioGroup className="radio-group" value={to} onChange={(v) => setTo(v as ApplicationStatus)} name="to">
          <Label className="field-label">{t('move.to')}</Label>
          <div className="radio-row">
            {options.map((s) => (
              <Radio key={s} value={s} className="radio">
                {s === 'IN_PROGRESS' && app.status === 'AWAITING_CITIZEN' ? t('move.backToWork') : t(`move.option.${s}`)}
              </Radio>
            ))}
          </div>
        </RadioGroup>
        <TextField
          className="field"
          value={comment}
          onChange={(v) => {
            setComment(v);
            if (errors.fields.comment) setErrors((e) => ({ ...e, fields: { ...e.fields, comment: '' } }));
          }}
          isInvalid={!!errors.fields.comment}
          validationBehavior="aria"
          isRequired={required}
          name="comment"
        >
          <Label className="field-label">{t('move.comment')}</Label>
          <TextArea id={`${fileId}-comment`} className="field-input" rows={3} maxLength={2000} onKeyDown={onCommentKey} />
          <Text slot="description" className="field-description">
            {required ? t('move.commentRequired') : t('move.commentHintOptional')}
          </Text>
          <FieldError className="field-error" data-testid="comment-error">
            {errors.fields.comment}
          </FieldError>
        </TextField>
        {to === 'COMPLETED' && (
          <div className="field">
            <label className="field-label" htmlFor={fileId}>
              {t('move.result')}
            </label>
            <input
              ref={fileRef}
              id={fileId}
              type="file"
              accept={RESULT_TYPES.join(',')}
              className="file-input"
              aria-describedby={`${fileId}-hint${errors.fields.result ? ` ${fileId}-error` : ''}`}
              aria-invalid={errors.fields.result ? true : undefined}
              onChange={(e) => chooseFile(e.currentTarget.files?.[0])}
            />
            <span id={`${fileId}-hint`} className="field-description">
              {t('move.resultHint')}
            </span>
            {file && <span className="note">{t('move.chosen', { name: file.name })}</span>}
            {errors.fields.result && (
              <span id={`${fileId}-error`} className="field-error">
                {errors.fields.result}
              </span>
            )}
          </div>
        )}
        {!online && <p className="note">{t('move.offline')}</p>}
        <div>
          <Button type="submit" className="button button-primary" isDisabled={fetching || !online}>
            {fetching ? t('move.sending') : t('move.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function Details({ app: current, hint }: { app: App; hint: QueueHint | undefined }) {
  const { t, i18n } = useTranslation('officer');
  const lang = i18n.language;
  const names = useOfficerNames(lang);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const fields = dataEntries(current.data);
  const final = nextStages(current.status).length === 0;

  function onMoved(to: ApplicationStatus) {
    setDone(t('move.done', { status: t(`status.${to}`) }));
    window.setTimeout(() => doneRef.current?.focus(), 0);
  }

  return (
    <>
      <nav className="breadcrumbs" aria-label={t('app.back')}>
        <Link to={hint?.search ? `/work/officer?${hint.search}` : '/work/officer'}>{t('app.back')}</Link>
      </nav>
      <h1 id="page-title">{current.serviceName}</h1>
      <section className="card" aria-labelledby="app-summary">
        <h2 id="app-summary">{t('app.summary')}</h2>
        <p>
          {t('app.status')}:{' '}
          <span className={`stage-badge stage-${current.status}`} data-testid="application-status">
            {t(`status.${current.status}`)}
          </span>
        </p>
        <p ref={doneRef} tabIndex={-1} role="status" className={done ? 'form-info' : 'visually-hidden'} data-testid="move-done">
          {done ?? ''}
        </p>
        <dl className="facts">
          <div>
            <dt>{t('app.number')}</dt>
            <dd className="hash">{current.id}</dd>
          </div>
          <div>
            <dt>{t('app.applicant')}</dt>
            <dd data-testid="applicant-name">{current.applicantName ?? t('queue.unknownApplicant')}</dd>
          </div>
          <div>
            <dt>{t('app.applicantKind')}</dt>
            <dd>{t(`applicant.${current.applicant}`)}</dd>
          </div>
          <div>
            <dt>{t('app.channel')}</dt>
            <dd data-testid="application-channel">{t(`channel.${current.channel}`)}</dd>
          </div>
          <div>
            <dt>{current.submittedAt ? t('app.submitted') : t('app.created')}</dt>
            <dd>{formatTime(current.submittedAt ?? current.createdAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('app.department')}</dt>
            <dd>{names.department(current.departmentCode)}</dd>
          </div>
          {current.branchCode && (
            <div>
              <dt>{t('app.branch')}</dt>
              <dd>{current.branchCode}</dd>
            </div>
          )}
          {current.request && (
            <div>
              <dt>{t('app.request')}</dt>
              <dd>{current.request}</dd>
            </div>
          )}
          {current.reason && (
            <div>
              <dt>{t('app.reason')}</dt>
              <dd>{current.reason}</dd>
            </div>
          )}
        </dl>
        {current.resultDocumentId && (
          <div className="result-box" data-testid="result">
            <h3>{t('app.result')}</h3>
            <p>{t('app.resultIssued', { id: current.resultDocumentId })}</p>
            <p>{t('app.resultReceived')}</p>
          </div>
        )}
      </section>

      {final ? (
        <p className="note card">{t('move.final')}</p>
      ) : (
        <Move key={current.status} app={current} onMoved={onMoved} />
      )}

      <section className="card" aria-labelledby="app-data">
        <h2 id="app-data">{t('app.data')}</h2>
        {fields.length === 0 ? (
          <p className="note">{t('app.noData')}</p>
        ) : (
          <dl className="facts data-list" data-testid="application-data">
            {fields.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section className="card" aria-labelledby="app-docs">
        <h2 id="app-docs">{t('app.documents')}</h2>
        {current.documents.length === 0 ? (
          <p className="note">{t('app.noDocuments')}</p>
        ) : (
          <>
            <ul className="doc-list" data-testid="application-documents">
              {current.documents.map((d) => (
                <li key={d.requirement}>
                  <strong>{d.requirement}</strong>:{' '}
                  {d.documentId ? (
                    <>
                      {t('app.duplicate')} <span className="note">({t('app.duplicateId', { id: d.documentId })})</span>
                    </>
                  ) : d.url ? (
                    <a href={d.url} target="_blank" rel="noopener noreferrer" download>
                      {t('app.download', { type: d.contentType ?? '' })}
                    </a>
                  ) : (
                    t('app.noLink', { type: d.contentType ?? '' })
                  )}
                </li>
              ))}
            </ul>
            {current.documents.some((d) => d.url) && <p className="note">{t('app.linkHint')}</p>}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="app-stages">
        <h2 id="app-stages">{t('app.stages')}</h2>
        <ol className="stage-list" data-testid="application-stages">
          {current.stages.map((s, i) => (
            <li key={`${s.status}-${s.at}-${i}`}>
              <span className={`stage-badge stage-${s.status}`}>{t(`status.${s.status}`)}</span>{' '}
              <time dateTime={s.at} className="note">
                {formatTime(s.at, lang)}
              </time>
              {s.comment && <p className="stage-comment">{s.comment}</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/**
 * /work/officer/applications/:id: application(id), which answers the
 * officers of the application's department (and records that they read it).
 * For anyone else it is NOT_FOUND: not found, or not their department's.
 */
export default function ApplicationView() {
  const { t } = useTranslation('officer');
  const { id = '' } = useParams();
  const location = useLocation();
  const hint = (location.state as { queue?: QueueHint } | null)?.queue;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OfficerApplicationDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const app = data?.application ?? null;
  // A moved application comes back in the mutation's answer and updates the cache, so this query too.
  if (app) return <Details key={app.id} app={app} hint={hint} />;
  if (!data && fetching) return <Loading />;
  const missing = !!data || error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND');
  if (error && !missing) {
    return (
      <>
        <h1 id="page-title">{t('app.notFound')}</h1>
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      </>
    );
  }
  return (
    <>
      <nav className="breadcrumbs" aria-label={t('app.back')}>
        <Link to="/work/officer">{t('app.back')}</Link>
      </nav>
      <h1 id="page-title">{t('app.notFound')}</h1>
      <p>{t('app.notFoundHint')}</p>
    </>
  );
}
