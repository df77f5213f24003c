import { useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from '@urql/core';
import { describeError } from '../forms/apiError';

/** A polite live region with a spinner; nothing else on the page moves. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common:state.loading')}</span>
    </div>
  );
}

export function Empty({ title, children }: { title?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title ?? t('common:state.empty')}</p>
      {children}
    </div>
  );
}

/** A failed load, with the reason and a retry. */
export function ErrorState({ error, onRetry }: { error?: CombinedError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t('common:state.error')}</p>
      {error && <p>{describeError(error, t)}</p>}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common:state.retry')}
        </button>
      )}
    </div>
  );
}

function subscribeOnline(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** True while the browser says it is online. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** Shown under the header while offline. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  if (online) return null;
  return (
    <div className="offline-banner" role="status">
      {t('common:state.offline')}
    </div>
  );
}

/** Placeholder for sections whose screens come later. */
export function ComingSoon({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <Empty title={t('common:state.comingSoon')}>
        <p>{t('common:state.comingSoonHint')}</p>
      </Empty>
    </section>
  );
}
