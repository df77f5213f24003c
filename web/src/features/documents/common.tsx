import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/auth/useSession';
import { getAccessToken } from '../../lib/auth/session';
import { baseHeaders, GRAPHQL_PATH } from '../../lib/client/client';
import { Loading } from '../../lib/ui/StateViews';
import type { UserError } from '../../lib/forms/userErrors';

/** Shows its children to a signed-in citizen; otherwise asks to sign in. */
export function SignedIn({ title, children }: { title?: string; children: ReactNode }) {
  const { t } = useTranslation('documents');
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading />;
  if (session.status !== 'signedIn') {
    return (
      <div className="section">
        {title && <h1 id="page-title">{title}</h1>}
        <p>{t('signInNeeded')}</p>
        <div className="button-row">
          <Link className="button button-primary" to="/signin" state={{ from: location.pathname + location.search }}>
            {t('common:signIn')}
          </Link>
          <Link className="button button-secondary" to="/register">
            {t('common:register')}
          </Link>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

/** Documents | Applications: the section's two lists. */
export function SectionTabs({ current }: { current: 'documents' | 'applications' }) {
  const { t } = useTranslation('documents');
  return (
    <nav className="segmented doc-tabs" aria-label={t('title')}>
      <Link className="segment" to="/documents" aria-current={current === 'documents' ? 'page' : undefined}>
        {t('tabs.documents')}
      </Link>
      <Link
        className="segment"
        to="/documents/applications"
        aria-current={current === 'applications' ? 'page' : undefined}
      >
        {t('tabs.applications')}
      </Link>
    </nav>
  );
}

/** A date and time in the user's language. */
export function formatTime(iso: string | null | undefined, lang: string, withTime = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang.startsWith('en') ? 'en-GB' : 'ru-RU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

export function formatSize(bytes: number, lang: string): string {
  const ru = !lang.startsWith('en');
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${ru ? 'КБ' : 'KB'}`;
  return `${(bytes / 1024 / 1024).toFixed(1)} ${ru ? 'МБ' : 'MB'}`;
}

/** The SHA-256 of a file, hex, computed in the browser. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface UploadResult<T> {
  data?: T;
  error?: string;
}

/**
 * A mutation with one file, as a GraphQL multipart request (the persisted
 * query exchange does not carry files): `filePath` is the variable path,
 * e.g. "input.file".
 */
export async function uploadMutation<T>(
  query: string,
  variables: Record<string, unknown>,
  filePath: string,
  file: File,
): Promise<UploadResult<T>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify({ 0: [`variables.${filePath}`] }));
  form.append('0', file, file.name);
  const headers: Record<string, string> = { ...baseHeaders() };
  const token = getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const res = await fetch(GRAPHQL_PATH, { method: 'POST', body: form, headers, credentials: 'same-origin' });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) return { error: body.errors[0]!.message };
    return body.data ? { data: body.data } : { error: res.statusText };
  } catch {
    return { error: 'NETWORK' };
  }
}

export type { UserError };

/** The service's name where the app knows it; the code otherwise. */
export function useServiceName(): (code: string) => string {
  const { t, i18n } = useTranslation('documents');
  return (code) => (i18n.exists(`documents:service.${code}`) ? t(`service.${code}`) : code);
}
