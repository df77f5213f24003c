import { describe, expect, it } from 'vitest';
import { formatBirthDate } from './format';

describe('formatBirthDate', () => {
  it('writes the date the language way', () => {
    expect(formatBirthDate('1985-04-12', 'ru')).toBe('12.04.1985');
    expect(formatBirthDate('1985-04-12T00:00:00Z', 'en')).toBe('12/04/1985');
    expect(formatBirthDate('unknown', 'ru')).toBe('unknown');
  });
});
