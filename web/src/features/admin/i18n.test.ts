import { describe, expect, it } from 'vitest';
import texts from './i18n';

/** Every key's path, plural forms folded into one. */
function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(one|few|many|other)$/, '')}`],
  );
}

describe('admin texts', () => {
  it('have the same keys in Russian and English', () => {
    expect([...new Set(keys(texts.en))].sort()).toEqual([...new Set(keys(texts.ru))].sort());
  });
});
