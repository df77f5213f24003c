import { describe, expect, it } from 'vitest';
import { dayBound, duration, normalizeErrors, parseDays, parseRoubles, rawId, roublesInput, translationOrEmpty } from './format';

describe('parseRoubles', () => {
  it('reads roubles as whole kopecks', () => {
    expect(parseRoubles('1500')).toBe(150000);
    expect(parseRoubles('1 500,5')).toBe(150050);
    expect(parseRoubles('1500.05 ₽')).toBe(150005);
    expect(parseRoubles('0')).toBe(0);
    expect(parseRoubles('12,')).toBe(1200);
  });
  it('refuses what is not an amount', () => {
    expect(parseRoubles('')).toBeNull();
    expect(parseRoubles('-5')).toBeNull();
    expect(parseRoubles('1,234')).toBeNull();
    expect(parseRoubles('abc')).toBeNull();
    expect(parseRoubles('1.2.3')).toBeNull();
  });
  it('round-trips through the input text', () => {
    for (const k of [0, 1, 99, 100, 150050, 650000]) expect(parseRoubles(roublesInput(k))).toBe(k);
    expect(roublesInput(150000)).toBe('1500');
    expect(roublesInput(150005)).toBe('1500,05');
  });
});

describe('parseDays', () => {
  it('takes whole days', () => {
    expect(parseDays(' 30 ')).toBe(30);
    expect(parseDays('0')).toBe(0);
    expect(parseDays('1.5')).toBeNull();
    expect(parseDays('')).toBeNull();
  });
});

describe('normalizeErrors', () => {
  it('maps the API field names to the form', () => {
    const out = normalizeErrors(
      [
        { field: 'input.reason', code: 'REQUIRED', message: 'r' },
        { field: 'regionCodes.2', code: 'UNKNOWN', message: 'g' },
        { field: 'feeKopecks', code: 'NEGATIVE', message: 'f' },
      ],
      { feeKopecks: 'fee' },
    );
    expect(out.map((e) => e.field)).toEqual(['reason', 'regionCodes', 'fee']);
  });
});

describe('translationOrEmpty', () => {
  it('drops the Russian fallback', () => {
    expect(translationOrEmpty('Паспорт', 'Паспорт')).toBe('');
    expect(translationOrEmpty('Паспорт', 'Passport')).toBe('Passport');
    expect(translationOrEmpty('Паспорт', null)).toBe('');
  });
});

describe('dayBound', () => {
  it('gives the first and last instant of a local day', () => {
    const since = new Date(dayBound('2026-03-01')!);
    const until = new Date(dayBound('2026-03-01', true)!);
    expect(since.getDate()).toBe(1);
    expect(until.getDate()).toBe(1);
    expect(until.getTime() - since.getTime()).toBe(24 * 3600 * 1000 - 1);
    expect(dayBound('')).toBeNull();
  });
});

describe('duration', () => {
  it('is short', () => {
    const u = { s: 's', m: 'min', h: 'h' };
    expect(duration(45.4, u)).toBe('45 s');
    expect(duration(125, u)).toBe('2 min 5 s');
    expect(duration(3700, u)).toBe('1 h 1 min');
  });
});

describe('rawId', () => {
  it('unwraps a global id, keeps a raw one', () => {
    const uuid = '7d6e59ca-c769-4f58-b37e-c766e32bd293';
    expect(rawId(btoa(`Account:${uuid}`))).toBe(uuid);
    expect(rawId(uuid)).toBe(uuid);
    expect(rawId(' 12345 ')).toBe('12345');
  });
});
