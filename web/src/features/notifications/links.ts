/** The web route for a notification's deep link (uslugi://…), or null when the web app has no such screen. */
export function routeOf(link: string): string | null {
  const m = /^uslugi:\/\/(.*)$/.exec(link);
  if (!m) return /^https:\/\//.test(link) ? link : null;
  const path = m[1]!.replace(/^\/+/, '');
  if (path === 'account/verification' || path.startsWith('account/verification')) return '/account/personal';
  if (path.startsWith('account/confirm')) return '/account/confirm';
  // Applications and consents live under the documents screens (DocumentsRoutes).
  if (/^(applications|consents)\//.test(path)) return `/documents/${path}`;
  const first = path.split(/[/?#]/)[0];
  const known = ['account', 'statements', 'documents', 'hearings', 'notifications', 'service', 'category'];
  return first && known.includes(first) ? `/${path}` : null;
}
