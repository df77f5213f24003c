import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * On navigation: scroll to the top and move focus to the page's heading, so
 * screen-reader and keyboard users land on the new page (not on the link
 * they pressed). Query-string changes (search as you type) keep focus.
 */
export function ScrollAndFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const t = setTimeout(() => {
      const h = document.querySelector<HTMLElement>('main h1');
      if (h) {
        h.tabIndex = -1;
        h.focus({ preventScroll: true });
      }
    }, 50);
    return () => clearTimeout(t);
  }, [pathname]);
  return null;
}
