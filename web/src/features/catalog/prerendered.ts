/**
 * The heading of a service page as the server sent it in index.html (its
 * breadcrumbs, name and description, in the frame the app replaces on its
 * first render: server/webapp.go). Read once, before React's first render
 * replaces it, so the service page shows the same heading while it waits for
 * its queries instead of a spinner: the text the visitor already reads stays
 * where it is.
 */
export interface PrerenderedService {
  id: string;
  name: string;
  description: string;
  category: { href: string; name: string } | null;
}

let captured: PrerenderedService | null = null;

/** Called by the app's start, before its first render. */
export function capturePrerenderedService(root: ParentNode = document): void {
  const article = root.querySelector<HTMLElement>('#root [data-prerendered]');
  const name = article?.querySelector('h1')?.textContent;
  if (!article || !name) return;
  const link = article.querySelectorAll<HTMLAnchorElement>('.breadcrumbs a')[1];
  captured = {
    id: article.dataset.prerendered ?? '',
    name,
    description: article.querySelector('.lead')?.textContent ?? '',
    category: link ? { href: link.getAttribute('href') ?? '', name: link.textContent ?? '' } : null,
  };
}

/** The server's heading of this service, if the page was opened on it. */
export function prerenderedService(id: string): PrerenderedService | null {
  return captured?.id === id ? captured : null;
}
