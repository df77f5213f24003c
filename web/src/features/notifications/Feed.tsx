import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Button } from 'react-aria-components';
import { MarkNotificationsReadDocument, NotificationsFeedDocument, type NotificationFieldsFragment } from './notifications.generated';
import { describeError } from '../../lib/forms/apiError';
import { FormErrorList } from '../../lib/ui/fields';
import { Empty, ErrorState, Loading } from '../../lib/ui/StateViews';
import { useSession } from '../../lib/auth/useSession';
import { routeOf } from './links';

const PAGE = 20;
const SELECTED = { background: '#fff', color: 'var(--blue)' };

function useFormatTime() {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' });
  return (s: string) => f.format(new Date(s));
}

function Item({ n, onRead, busy }: { n: NotificationFieldsFragment; onRead: (id: string) => void; busy: boolean }) {
  const { t } = useTranslation('notifications');
  const fmt = useFormatTime();
  const to = routeOf(n.link);
  return (
    <li className={`card notification ${n.read ? 'notification-read' : 'notification-unread'}`} data-testid="notification" data-kind={n.kind} data-read={n.read}>
      <h2 style={{ fontSize: '1.05rem', margin: 0 }}>
        {!n.read && <span className="chip">{t('unread')}</span>} {n.title}
      </h2>
      <p>{n.body}</p>
      <p className="note">
        <time dateTime={n.createdAt}>{fmt(n.createdAt)}</time>
      </p>
      <div className="button-row">
        {to &&
          (to.startsWith('/') ? (
            <Link to={to} onClick={() => !n.read && onRead(n.id)}>
              {t('open')}
            </Link>
          ) : (
            <a href={to} rel="noreferrer noopener" target="_blank">
              {t('open')}
            </a>
          ))}
        {!n.read && (
          <Button className="button button-secondary" isDisabled={busy} onPress={() => onRead(n.id)} aria-label={t('markReadOne', { title: n.title })}>
            {t('markRead')}
          </Button>
        )}
      </div>
    </li>
  );
}

/** /notifications: the feed, newest first, live through notificationAdded (held by the header's badge). */
export default function Feed() {
  const { t } = useTranslation('notifications');
  const session = useSession();
  const signedIn = session.status === 'signedIn';
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [after, setAfter] = useState<string | null>(null);
  const [res, refetch] = useQuery({
    query: NotificationsFeedDocument,
    variables: { first: PAGE, after, unreadOnly },
    pause: !signedIn,
    requestPolicy: 'cache-and-network',
  });
  const [{ fetching: marking }, mark] = useMutation(MarkNotificationsReadDocument);
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState('');

  if (!signedIn) {
    return (
      <div className="page page-narrow">
        <h1 id="page-title">{t('title')}</h1>
        <p>{t('signedOut')}</p>
        <Link className="button button-primary" to="/signin">
          {t('common:signIn')}
        </Link>
      </div>
    );
  }

  const markRead = async (input: { ids?: string[]; all?: boolean }) => {
    const r = await mark({ input });
    if (r.error) return setErrors([describeError(r.error, t) ?? '']);
    const p = r.data?.markNotificationsRead;
    if (p && p.userErrors.length === 0) {
      setErrors([]);
      setStatus(t('marked', { count: p.unreadCount }));
    } else setErrors(p?.userErrors.map((e) => e.message) ?? []);
  };

  const conn = res.data?.notifications;
  const edges = conn?.edges ?? [];
  const hasUnread = edges.some((e) => !e.node.read);
  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('title')}</h1>
      <div className="button-row">
        <Link to="/notifications/settings">{t('settingsLink')}</Link>
      </div>
      <div className="segmented" role="group" aria-label={t('filter')}>
        <Button
          className="segment"
          aria-pressed={!unreadOnly}
          style={!unreadOnly ? SELECTED : undefined}
          onPress={() => {
            setAfter(null);
            setUnreadOnly(false);
          }}
        >
          {t('all')}
        </Button>
        <Button
          className="segment"
          aria-pressed={unreadOnly}
          style={unreadOnly ? SELECTED : undefined}
          onPress={() => {
            setAfter(null);
            setUnreadOnly(true);
          }}
        >
          {t('unreadOnly')}
        </Button>
      </div>
      <FormErrorList messages={errors} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {res.fetching && !res.data ? (
        <Loading />
      ) : res.error && !res.data ? (
        <ErrorState error={res.error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : edges.length === 0 ? (
        <Empty title={unreadOnly ? t('emptyUnread') : t('empty')}>
          <p>{t('emptyHint')}</p>
        </Empty>
      ) : (
        <>
          <p className="result-count" aria-live="polite" data-testid="feed-count">
            {t('count', { count: conn?.totalCount ?? edges.length })}
          </p>
          {hasUnread && (
            <Button className="button button-secondary" isDisabled={marking} onPress={() => void markRead({ all: true })}>
              {t('markAll')}
            </Button>
          )}
          <ul className="service-list" aria-label={t('title')} data-testid="feed">
            {edges.map((e) => (
              <Item key={e.node.id} n={e.node} busy={marking} onRead={(id) => void markRead({ ids: [id] })} />
            ))}
          </ul>
          {conn?.pageInfo.hasNextPage && (
            <Button className="button button-secondary more-button" isDisabled={res.fetching} onPress={() => setAfter(conn.pageInfo.endCursor ?? null)}>
              {t('more')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
