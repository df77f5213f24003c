import { describe, expect, it } from 'vitest';
import { formatMoscow, fromMoscowInput, splitQuarters, toMoscowInput, turnout } from './moscow';

describe('Moscow time', () => {
  it('reads a datetime-local value as UTC+3', () => {
    expect(fromMoscowInput('2026-05-01T10:00')).toBe('2026-05-01T10:00:00+03:00');
    expect(fromMoscowInput('2026-05-01T10:00:25')).toBe('2026-05-01T10:00:25+03:00');
    expect(fromMoscowInput('2026-05-01T10:00:25.000')).toBe('2026-05-01T10:00:25+03:00');
    expect(Date.parse(fromMoscowInput('2026-01-01T02:30')!)).toBe(Date.parse('2025-12-31T23:30:00Z'));
  });

  it('refuses empty and malformed values', () => {
    expect(fromMoscowInput('')).toBeNull();
    expect(fromMoscowInput('2026-13-01T10:00')).toBeNull();
    expect(fromMoscowInput('01.05.2026 10:00')).toBeNull();
  });

  it('shows an instant in Moscow time, seconds only when there are some', () => {
    expect(toMoscowInput('2026-05-01T07:00:00Z')).toBe('2026-05-01T10:00');
    expect(toMoscowInput('2026-12-31T22:15:07Z')).toBe('2027-01-01T01:15:07');
    expect(toMoscowInput(null)).toBe('');
    expect(toMoscowInput('nonsense')).toBe('');
  });

  it('round-trips', () => {
    const iso = '2026-07-15T09:41:05Z';
    expect(Date.parse(fromMoscowInput(toMoscowInput(iso))!)).toBe(Date.parse(iso));
  });

  it('formats in Moscow time whatever the zone', () => {
    expect(formatMoscow('2026-05-01T07:05:00Z', 'ru')).toContain('10:05');
    expect(formatMoscow('2026-05-01T07:05:00Z', 'en')).toContain('10:05');
    expect(formatMoscow(null, 'ru')).toBe('');
  });
});

describe('turnout and quarters', () => {
  it('gives the share of voters', () => {
    expect(turnout(1, 4, 'en')).toBe('25%');
    expect(turnout(0, 0, 'en')).toBe('0%');
  });

  it('splits quarters', () => {
    expect(splitQuarters('16:50:010101\n16:50:010102, 16:50:010103;')).toEqual(['16:50:010101', '16:50:010102', '16:50:010103']);
    expect(splitQuarters('  ')).toEqual([]);
  });
});
