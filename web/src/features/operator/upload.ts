import { stringifyDocument } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getAccessToken, getSession, refreshSession, tokenExpiring } from '../../lib/auth/session';
import { baseHeaders, GRAPHQL_PATH } from '../../lib/client/client';

export interface UploadOutcome<T> {
  data?: T;
  /** A top-level error: its message (in the request's language) and code; code NETWORK when the request failed. */
  error?: { message: string; code: string };
}

interface Body<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The variables with every File replaced by null, and where each was (the
 * multipart spec's map): { input: { files: [{ file: f }] } } gives
 * [["input.files.0.file", f]].
 */
export function extractFiles(value: unknown, path = ''): { clone: unknown; files: [string, File][] } {
  if (typeof File !== 'undefined' && value instanceof File) return { clone: null, files: [[path, value]] };
  if (Array.isArray(value)) {
    const files: [string, File][] = [];
    const clone = value.map((v, i) => {
      const r = extractFiles(v, path ? `${path}.${i}` : String(i));
      files.push(...r.files);
      return r.clone;
    });
    return { clone, files };
  }
  if (value && typeof value === 'object') {
    const files: [string, File][] = [];
    const clone: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = extractFiles(v, path ? `${path}.${k}` : k);
      files.push(...r.files);
      clone[k] = r.clone;
    }
    return { clone, files };
  }
  return { clone: value, files: [] };
}

function send<T>(body: FormData, onProgress?: (fraction: number) => void): Promise<{ status: number; body: Body<T> | null }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_PATH);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(baseHeaders())) xhr.setRequestHeader(k, v);
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
    }
    xhr.onload = () => resolve({ status: xhr.status, body: (xhr.response as Body<T> | null) ?? null });
    xhr.onerror = () => resolve({ status: 0, body: null });
    xhr.onabort = () => resolve({ status: 0, body: null });
    xhr.send(body);
  });
}

/**
 * A mutation with files (File objects anywhere in the variables), as a
 * GraphQL multipart request (the persisted query exchange does not carry
 * files), with the upload's progress (0 to 1) reported as it goes. An
 * UNAUTHENTICATED answer refreshes the session and retries once, as the
 * urql client does.
 */
export async function multipartMutation<T, V extends Record<string, unknown>>(
  document: TypedDocumentNode<T, V>,
  variables: V,
  onProgress?: (fraction: number) => void,
): Promise<UploadOutcome<T>> {
  const { clone, files } = extractFiles(variables);
  const form = () => {
    const fd = new FormData();
    fd.append('operations', JSON.stringify({ query: stringifyDocument(document), variables: clone }));
    fd.append('map', JSON.stringify(Object.fromEntries(files.map(([path], i) => [String(i), [`variables.${path}`]]))));
    files.forEach(([, file], i) => fd.append(String(i), file, file.name));
    return fd;
  };
  if (tokenExpiring()) await refreshSession();
  let res = await send<T>(form(), onProgress);
  const code = (b: Body<T> | null) => b?.errors?.[0]?.extensions?.code;
  if (code(res.body) === 'UNAUTHENTICATED' && getSession().status !== 'signedOut' && (await refreshSession())) {
    res = await send<T>(form(), onProgress);
  }
  if (!res.body) return { error: { message: '', code: 'NETWORK' } };
  const first = res.body.errors?.[0];
  if (first) return { error: { message: first.message, code: first.extensions?.code ?? 'INTERNAL' } };
  if (!res.body.data) return { error: { message: '', code: 'INTERNAL' } };
  return { data: res.body.data };
}
