/** Small inline icons (decorative: aria-hidden; the text beside them names the action). */
const paths = {
  catalog: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  statements: 'M3 6h18v12H3zM3 10h18M7 15h4',
  documents: 'M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7',
  hearings: 'M4 20V9l8-5 8 5v11M9 20v-6h6v6M2 20h20',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6',
  work: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM16 16l5 5',
  pin: 'M12 21s-7-6-7-11a7 7 0 1 1 14 0c0 5-7 11-7 11zM12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  chevron: 'M9 6l6 6-6 6',
  check: 'M5 12l5 5 9-10',
  cross: 'M6 6l12 12M18 6L6 18',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 24 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}

/**
 * The portal's mark (public/favicon.svg, and index.html's frame) drawn
 * inline: an <img> of an SVG costs the browser a document of its own to
 * decode, a long task on a slow phone while the app starts.
 */
export function BrandMark() {
  return (
    <svg className="brand-mark" width="28" height="28" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <rect width="100" height="100" rx="18" fill="#0d4cd3" />
      <path d="M27 25h10l14 27 12-27h10L51 78H41l6-14z" fill="#fff" />
    </svg>
  );
}
