import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { AdminJobQueuesDocument, AdminJobsDocument, AdminRerunJobDocument, type AdminJobFieldsFragment, type AdminJobQueuesQuery } from './admin.generated';
import type { JobState } from '../../gql/types';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { ConfirmDialog } from './ConfirmDialog';
import { PageBody, PagedTable, useFormatTime, TableWrap } from './common';
import type { PageSlot } from '../work/useConnectionPages';
import { JOB_STATES, RERUNNABLE } from './enums';
import { duration, normalizeErrors } from './format';

type Queue = AdminJobQueuesQuery['jobQueues'][number];

const COUNT: Record<JobState, keyof Queue> = {
  PENDING: 'pending',
  ACTIVE: 'active',
  SCHEDULED: 'scheduled',
  RETRY: 'retry',
  ARCHIVED: 'archived',
  COMPLETED: 'completed',
};

function jobLink(queue: string, state: JobState) {
  return `?queue=${encodeURIComponent(queue)}&state=${state}`;
}

function Queues({ queues, current }: { queues: readonly Queue[]; current: { queue: string; state: string } }) {
  const { t } = useTranslation('admin');
  const units = { s: t('jobs.s'), m: t('jobs.m'), h: t('jobs.h') };
  return (
    <TableWrap label={t('jobs.queues')}>
      <table className="data-table admin-queues">
        <caption className="visually-hidden">{t('jobs.queues')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('jobs.queue')}</th>
            {JOB_STATES.map((s) => (
              <th scope="col" key={s} className="admin-num">
                {t(`jobState.${s}`)}
              </th>
            ))}
            <th scope="col" className="admin-num">
              {t('jobs.size')}
            </th>
            <th scope="col" className="admin-num">
              {t('jobs.processedToday')}
            </th>
            <th scope="col" className="admin-num">
              {t('jobs.failedToday')}
            </th>
            <th scope="col">{t('jobs.latency')}</th>
            <th scope="col">{t('jobs.paused')}</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.name}>
              <th scope="row" className="admin-code">
                {q.name}
              </th>
              {JOB_STATES.map((s) => {
                const n = q[COUNT[s]] as number;
                const here = current.queue === q.name && current.state === s;
                return (
                  <td key={s} className="admin-num" data-state={s} data-count={n}>
                    <Link to={jobLink(q.name, s)} aria-current={here ? 'true' : undefined} className={n > 0 && (s === 'ARCHIVED' || s === 'RETRY') ? 'admin-alert' : undefined}>
                      {n}
                      <span className="visually-hidden">
                        {' '}
                        {t('jobs.linkHint', { queue: q.name, state: t(`jobState.${s}`) })}
                      </span>
                    </Link>
                  </td>
                );
              })}
              <td className="admin-num">{q.size}</td>
              <td className="admin-num">{q.processedToday}</td>
              <td className="admin-num">{q.failedToday}</td>
              <td className="admin-nowrap">{duration(q.latencySeconds, units)}</td>
              <td>{q.paused ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function JobsPage({ page, queue, state, onRerun }: { page: PageSlot; queue: string; state: JobState; onRerun: (j: AdminJobFieldsFragment) => void }) {
  const { t } = useTranslation('admin');
  const time = useFormatTime();
  return (
    <PageBody
      page={page}
      query={AdminJobsDocument}
      variables={{ queue, state }}
      pick={(d) => d.jobs}
      colSpan={7}
      empty={t('jobs.none')}
      row={(j, cursor) => (
        <tr key={cursor}>
          <td className="admin-code admin-break">{j.taskId}</td>
          <td className="admin-code">{j.type}</td>
          <td>{t(`jobState.${j.state}`)}</td>
          <td className="admin-num">
            {j.retried} / {j.maxRetry}
          </td>
          <td className={j.lastError ? 'admin-error-text' : undefined}>{j.lastError ? <>{j.lastError}{j.lastFailedAt && <span className="admin-sub">{time(j.lastFailedAt)}</span>}</> : '—'}</td>
          <td className="admin-nowrap">{j.nextProcessAt ? time(j.nextProcessAt) : '—'}</td>
          <td>
            {RERUNNABLE.includes(j.state) && (
              <Button className="button button-secondary admin-small" onPress={() => onRerun(j)}>
                {t('jobs.rerun')}
                <span className="visually-hidden"> {j.taskId}</span>
              </Button>
            )}
          </td>
        </tr>
      )}
    />
  );
}

/** /work/admin/jobs: the queues with their counts; a queue's jobs in one state; re-running a dead or retrying one. */
export default function Jobs() {
  const { t } = useTranslation('admin');
  const [params] = useSearchParams();
  const queue = params.get('queue') ?? '';
  const stateParam = params.get('state') ?? '';
  const state = (JOB_STATES as string[]).includes(stateParam) ? (stateParam as JobState) : null;
  const [version, setVersion] = useState(0);
  const [rerunning, setRerunning] = useState<AdminJobFieldsFragment | null>(null);
  const [rerunError, setRerunError] = useState<string[]>([]);
  const [done, setDone] = useState('');
  const doneRef = useRef<HTMLParagraphElement>(null);
  const listId = useId();
  const [queues, reQueues] = useQuery({ query: AdminJobQueuesDocument, requestPolicy: 'cache-and-network' });
  const [{ fetching: running }, rerun] = useMutation(AdminRerunJobDocument);
  const refresh = () => {
    reQueues({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function confirmRerun() {
    if (!rerunning) return;
    const res = await rerun({ input: { queue: rerunning.queue, taskId: rerunning.taskId } });
    if (res.error) {
      setRerunError([describeError(res.error, t) ?? ''].filter(Boolean));
      return;
    }
    const p = res.data?.rerunJob;
    if (p && p.userErrors.length === 0) {
      setDone(t('jobs.rerunDone', { id: rerunning.taskId, state: p.job ? t(`jobState.${p.job.state}`) : '—' }));
      setRerunning(null);
      refresh();
      return;
    }
    setRerunError(normalizeErrors(p?.userErrors).map((e) => e.message));
  }

  const qs = queues.data?.jobQueues;
  return (
    <>
      <h1 id="page-title">{t('jobs.title')}</h1>
      <div className="toolbar">
        <Button className="button button-secondary" onPress={refresh} isDisabled={queues.fetching}>
          {t('refresh')}
        </Button>
      </div>
      <p ref={doneRef} tabIndex={-1} role="status" className="admin-focus-target">
        {done && <span className="form-info admin-inline-info">{done}</span>}
      </p>
      <section aria-labelledby="queues-title" aria-busy={queues.fetching}>
        <h2 id="queues-title">{t('jobs.queues')}</h2>
        {!qs && queues.fetching ? (
          <Loading />
        ) : !qs ? (
          <ErrorState error={queues.error} onRetry={() => reQueues({ requestPolicy: 'network-only' })} />
        ) : qs.length === 0 ? (
          <Empty title={t('jobs.noQueues')} />
        ) : (
          <Queues queues={qs} current={{ queue, state: state ?? '' }} />
        )}
      </section>
      {queue && state ? (
        <section aria-labelledby={listId}>
          <h2 id={listId}>{t('jobs.listTitle', { queue, state: t(`jobState.${state}`) })}</h2>
          <nav aria-label={t('jobs.statesNav', { queue })}>
            <ul className="work-nav admin-subnav">
              {JOB_STATES.map((s) => (
                <li key={s}>
                  <Link to={jobLink(queue, s)} aria-current={s === state ? 'page' : undefined}>
                    {t(`jobState.${s}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <PagedTable
            key={`${queue}|${state}|${version}`}
            caption={t('jobs.listTitle', { queue, state: t(`jobState.${state}`) })}
            head={
              <tr>
                <th scope="col">{t('jobs.taskId')}</th>
                <th scope="col">{t('jobs.type')}</th>
                <th scope="col">{t('jobs.state')}</th>
                <th scope="col">{t('jobs.retries')}</th>
                <th scope="col">{t('jobs.lastError')}</th>
                <th scope="col">{t('jobs.next')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            }
            renderPage={(page) => (
              <JobsPage
                key={page.key}
                page={page}
                queue={queue}
                state={state}
                onRerun={(j) => {
                  setDone('');
                  setRerunError([]);
                  setRerunning(j);
                }}
              />
            )}
          />
        </section>
      ) : (
        <p className="note">{t('jobs.pick')}</p>
      )}
      {rerunning && (
        <ConfirmDialog
          title={t('jobs.rerunTitle', { type: rerunning.type })}
          confirm={t('jobs.rerunConfirm')}
          onConfirm={() => void confirmRerun()}
          onCancel={() => setRerunning(null)}
          fetching={running}
        >
          <FormErrorList messages={rerunError} />
          <dl className="facts">
            <div>
              <dt>{t('jobs.taskId')}</dt>
              <dd className="admin-code admin-break">{rerunning.taskId}</dd>
            </div>
            <div>
              <dt>{t('jobs.state')}</dt>
              <dd>{t(`jobState.${rerunning.state}`)}</dd>
            </div>
            {rerunning.lastError && (
              <div>
                <dt>{t('jobs.lastError')}</dt>
                <dd className="admin-error-text">{rerunning.lastError}</dd>
              </div>
            )}
          </dl>
          <p>{t('jobs.rerunExplain')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
