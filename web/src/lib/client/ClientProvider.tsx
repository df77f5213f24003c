import { useEffect, useMemo, type ReactNode } from 'react';
import { Provider } from 'urql';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/useSession';
import type { Client as WSClient } from 'graphql-ws';
import { createClient, createSocket } from './client';

/**
 * Provides a client per language and account: a new language refetches
 * texts in it; another account (or signing out) starts from an empty cache,
 * so nothing of one account is ever shown to another.
 */
export function ClientProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const { account, status } = useSession();
  const accountId = status === 'restoring' ? 'restoring' : (account?.id ?? 'anonymous');
  const lang = i18n.language;
  const { client, socket } = useMemo(() => {
    void lang;
    void accountId;
    // Opened lazily: the first subscription loads graphql-ws and connects.
    let ws: Promise<WSClient> | null = null;
    const getSocket = () => (ws ??= createSocket());
    const socket = { dispose: () => void ws?.then((s) => s.dispose()) };
    return { client: createClient(typeof WebSocket === 'undefined' ? null : getSocket), socket };
  }, [lang, accountId]);
  useEffect(() => () => socket.dispose(), [socket]);
  return <Provider value={client}>{children}</Provider>;
}
