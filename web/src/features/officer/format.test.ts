import { describe, expect, it } from 'vitest';
import {
  barWidth,
  dataEntries,
  defaultPeriod,
  formatHours,
  needsComment,
  nextStages,
  pageFromParam,
  pageRange,
  periodToRange,
  sortRows,
  validDay,
} from './format';

describe('officer: stages', () => {
  it('offers the moves the server allows', () => {
    expect(nextStages('SUBMITTED')).toEqual(['REGISTERED', 'REJECTED']);
    expect(nextStages('REGISTERED')).toEqual(['IN_PROGRESS', 'REJECTED']);
    expect(nextStages('IN_PROGRESS').sort()).toEqual(['AWAITING_CITIZEN', 'COMPLETED', 'REJECTED']);
    expect(nextStages('AWAITING_CITIZEN')).toEqual(['IN_PROGRESS', 'REJECTED']);
    for (const s of ['COMPLETED', 'REJECTED', 'WITHDRAWN', 'DRAFT'] as const) expect(nextStages(s)).toEqual([]);
  });
  it('asks a comment for a refusal and a request', () => {
    expect(needsComment('REJECTED')).toBe(true);
    expect(needsComment('AWAITING_CITIZEN')).toBe(true);
    expect(needsComment('COMPLETED')).toBe(false);
  });
});

describe('officer: queue', () => {
  it('says which rows are shown', () => {
    expect(pageRange(0, 20, 57)).toEqual({ from: 1, to: 20, total: 57 });
    expect(pageRange(40, 17, 57)).toEqual({ from: 41, to: 57, total: 57 });
    expect(pageRange(0, 0, 0)).toBeNull();
  });
  it('reads the page from the URL', () => {
    expect(pageFromParam(null)).toBe(1);
    expect(pageFromParam('3')).toBe(3);
    expect(pageFromParam('-1')).toBe(1);
    expect(pageFromParam('x')).toBe(1);
  });
  it('sorts the page by date and by service, keeping ties in order', () => {
    const rows = [
      { id: 'a', serviceName: 'Паспорт', createdAt: '2026-01-03T10:00:00Z', submittedAt: null },
      { id: 'b', serviceName: 'Автомобиль', createdAt: '2026-01-01T10:00:00Z', submittedAt: '2026-01-05T10:00:00Z' },
      { id: 'c', serviceName: 'Паспорт', createdAt: '2026-01-02T10:00:00Z', submittedAt: null },
    ];
    expect(sortRows(rows, { key: 'date', dir: 'asc' }, 'ru').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, { key: 'date', dir: 'desc' }, 'ru').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, { key: 'service', dir: 'asc' }, 'ru').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, { key: 'service', dir: 'desc' }, 'ru').map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
  it('shows the form data with its keys as given', () => {
    expect(dataEntries('{"kind":"RESIDENCE","rooms":2,"tags":["a","b"],"x":null,"o":{"k":1}}')).toEqual([
      ['kind', 'RESIDENCE'],
      ['rooms', '2'],
      ['tags', 'a, b'],
      ['x', '—'],
      ['o', '{"k":1}'],
    ]);
    expect(dataEntries('{}')).toEqual([]);
    expect(dataEntries('not json')).toEqual([['data', 'not json']]);
  });
});

describe('officer: statistics', () => {
  it('defaults to the last 30 days', () => {
    expect(defaultPeriod(new Date(2026, 2, 31, 15))).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });
  it('turns the days into the API half-open range', () => {
    const r = periodToRange('2026-03-02', '2026-03-31');
    expect(new Date(r.from).getTime()).toBe(new Date(2026, 2, 2).getTime());
    expect(new Date(r.to).getTime()).toBe(new Date(2026, 3, 1).getTime());
  });
  it('checks the dates', () => {
    expect(validDay('2026-02-28')).toBe(true);
    expect(validDay('2026-02-30')).toBe(false);
    expect(validDay('')).toBe(false);
  });
  it('sizes bars and formats hours', () => {
    expect(barWidth(5, 10)).toBe(50);
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(1, 1000)).toBe(1);
    expect(barWidth(3, 0)).toBe(0);
    expect(formatHours(36, 'ru')).toEqual({ value: '36', unit: 'hours' });
    expect(formatHours(60, 'en')).toEqual({ value: '2.5', unit: 'days' });
  });
});
