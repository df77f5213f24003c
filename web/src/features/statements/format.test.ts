import { describe, expect, it } from 'vitest';
import { daysLeft, formatKopecks } from './format';

describe('formatKopecks', () => {
  it('writes kopecks as roubles', () => {
    expect(formatKopecks(150000, 'ru').replace(/\s/g, ' ')).toBe('1 500,00 ₽');
    expect(formatKopecks(25050, 'en')).toContain('250.50');
  });
});

describe('daysLeft', () => {
  it('counts whole days and says null once past', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(daysLeft('2026-01-03T12:00:00Z', now)).toBe(2);
    expect(daysLeft('2026-01-01T05:00:00Z', now)).toBe(0);
    expect(daysLeft('2025-12-31T00:00:00Z', now)).toBeNull();
  });
});
