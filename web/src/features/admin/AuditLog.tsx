import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { AdminAuditLogDocument } from './admin.generated';
import type { AuditFilter } from '../../gql/types';
import { TextField } from '../../lib/ui/fields';
import { PageBody, PagedTable, useFormatTime, useUrlFilters } from './common';
import type { PageSlot } from '../work/useConnectionPages';
import { dayBound, rawId } from './format';

/** The actions the API records (see account/*.go and the others); free text finds any other. */
export const KNOWN_ACTIONS = [
  'role.granted',
  'role.revoked',
  'identity.lookup',
  'identity.confirmed',
  'account.registered',
  'signin.success',
  'signin.failure',
  'signin.lockout',
  'session.signout',
  'session.revoked',
  'session.refresh_reuse',
  'password.changed',
  'recovery.requested',
  'code.sent',
  'code.failed',
  'code.burned',
  'verification.started',
  'tier.changed',
  'child.added',
  'organisation.created',
  'organisation.member_added',
  'signature.refused',
  'application.viewed',
  'duplicate.revoked',
  'duplicate.verified',
  'job.rerun',
] as const;

const KEYS = ['action', 'subjectId', 'actorId', 'since', 'until'] as const;
type Filters = Record<(typeof KEYS)[number], string>;

function toFilter(f: Filters): AuditFilter {
  const out: AuditFilter = {};
  if (f.action) out.action = f.action;
  // an account's id as the other screens show it works too
  if (f.subjectId) out.subjectId = rawId(f.subjectId);
  if (f.actorId) out.actorId = rawId(f.actorId);
  const since = dayBound(f.since);
  const until = dayBound(f.until, true);
  if (since) out.since = since;
  if (until) out.until = until;
  return out;
}

/** An action's name in words ('' for one the app does not know). */
function useActionName() {
  const { t } = useTranslation('admin');
  return (action: string) => t(`audit.actions.${action.replace(/\./g, '_')}`, { defaultValue: '' });
}

function AuditPage({ page, filter }: { page: PageSlot; filter: AuditFilter }) {
  const { t } = useTranslation('admin');
  const actionName = useActionName();
  const time = useFormatTime();
  return (
    <PageBody
      page={page}
      query={AdminAuditLogDocument}
      variables={{ filter }}
      pick={(d) => d.auditLog}
      colSpan={6}
      empty={t('audit.none')}
      row={(ev) => (
        <tr key={ev.id}>
          <td className="admin-nowrap">{time(ev.at)}</td>
          <td>
            <span className="admin-code">{ev.action}</span>
            {actionName(ev.action) && <span className="admin-sub">{actionName(ev.action)}</span>}
          </td>
          <td className="admin-code">{ev.actorId ? <Link to={`?actorId=${encodeURIComponent(ev.actorId)}`}>{ev.actorId}</Link> : '—'}</td>
          <td className="admin-code">{ev.subjectId ? <Link to={`?subjectId=${encodeURIComponent(ev.subjectId)}`}>{ev.subjectId}</Link> : '—'}</td>
          <td className="admin-code">{ev.ip ?? '—'}</td>
          <td>
            {ev.details.length === 0 ? (
              '—'
            ) : (
              <dl className="admin-details">
                {ev.details.map((d) => (
                  <div key={d.key}>
                    <dt>{d.key}</dt>
                    <dd>{d.value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </td>
        </tr>
      )}
    />
  );
}

/** /work/admin/audit: the security log, newest first, by action, subject, actor and dates. */
export default function AuditLog() {
  const { t } = useTranslation('admin');
  const actionName = useActionName();
  // A link in the table (an actor, a subject) changes the filters: the form follows.
  const { applied, key, draft, set, apply, reset } = useUrlFilters(KEYS);
  const listId = useId();
  const actionId = useId();
  const sinceId = useId();
  const untilId = useId();
  return (
    <>
      <h1 id="page-title">{t('audit.title')}</h1>
      <form
        className="toolbar admin-filters"
        aria-label={t('filters')}
        onSubmit={apply}
      >
        <div className="field">
          <label className="field-label" htmlFor={actionId}>
            {t('audit.action')}
          </label>
          <input
            id={actionId}
            className="field-input"
            name="action"
            list={listId}
            value={draft.action}
            onChange={(e) => set('action')(e.target.value)}
            autoComplete="off"
          />
          <datalist id={listId}>
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionName(a) || a}
              </option>
            ))}
          </datalist>
        </div>
        <TextField label={t('audit.subject')} name="subjectId" value={draft.subjectId} onChange={set('subjectId')} />
        <TextField label={t('audit.actor')} name="actorId" value={draft.actorId} onChange={set('actorId')} />
        <div className="field">
          <label className="field-label" htmlFor={sinceId}>
            {t('audit.since')}
          </label>
          <input id={sinceId} className="field-input" type="date" name="since" value={draft.since} onChange={(e) => set('since')(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={untilId}>
            {t('audit.until')}
          </label>
          <input id={untilId} className="field-input" type="date" name="until" value={draft.until} onChange={(e) => set('until')(e.target.value)} />
        </div>
        <div className="button-row admin-filter-buttons">
          <Button type="submit" className="button button-primary">
            {t('apply')}
          </Button>
          <Button className="button button-secondary" onPress={reset}>
            {t('reset')}
          </Button>
        </div>
      </form>
      <PagedTable
        key={key}
        caption={t('audit.title')}
        head={
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.subject')}</th>
            <th scope="col">{t('audit.ip')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        }
        renderPage={(page) => <AuditPage key={page.key} page={page} filter={toFilter(applied)} />}
      />
    </>
  );
}
