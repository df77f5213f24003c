import { describe, expect, it } from 'vitest';
import texts from './i18n';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o)
    .flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort();
}

describe('officer texts', () => {
  it('has every Russian key in English', () => {
    expect(keys(texts.en)).toEqual(keys(texts.ru));
  });
});
