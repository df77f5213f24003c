import { useEffect } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { NotificationAddedDocument, NotificationsUnreadCountDocument } from './notifications.generated';
import { refreshSession } from '../../lib/auth/session';
import { Icon } from '../../lib/ui/icons';

/** Kinds after which the account's tier may have changed: the session is refreshed to show it. */
const TIER_KINDS = /^(VERIFICATION_SUCCEEDED|IDENTITY_CONFIRMED|ACCOUNT_CONFIRMED|TIER_)/;

/**
 * The header's bell with the unread count. It holds the one live
 * subscription to notificationAdded for the whole app: each new row updates
 * the cache (see lib/client/cache.ts), so the count and the feed follow.
 */
export default function NotificationsBadge() {
  const { t } = useTranslation();
  const [count] = useQuery({ query: NotificationsUnreadCountDocument, requestPolicy: 'cache-and-network' });
  const [added] = useSubscription({ query: NotificationAddedDocument });
  const last = added.data?.notificationAdded;
  useEffect(() => {
    if (last && TIER_KINDS.test(last.kind)) void refreshSession();
  }, [last]);
  const n = count.data?.unreadNotificationCount ?? 0;
  return (
    <Link className="header-button" to="/notifications" aria-label={t('common:notificationsBadge', { count: n })} data-testid="notifications-badge" data-count={n}>
      <Icon name="bell" size={20} />
      {n > 0 && (
        <span className="badge" aria-hidden="true">
          {n > 99 ? '99+' : n}
        </span>
      )}
    </Link>
  );
}
