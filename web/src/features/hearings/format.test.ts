import { describe, expect, it } from 'vitest';
import { fileType, formatSize, percent } from './format';

describe('hearings formatting', () => {
  it('sizes', () => {
    expect(formatSize(500, 'ru')).toBe('500 Б');
    expect(formatSize(2048, 'en')).toBe('2 KB');
    expect(formatSize(3 * 1024 * 1024, 'ru')).toBe('3,0 МБ');
  });
  it('types', () => {
    expect(fileType('application/pdf')).toBe('PDF');
    expect(fileType('text/plain')).toBe('text/plain');
  });
  it('turnout', () => {
    expect(percent(1, 4, 'en')).toBe('25%');
    expect(percent(0, 0, 'en')).toBe('0%');
  });
});
