import { describe, expect, it } from 'vitest';
import { formatSnils, snilsDigits } from './snils';

describe('formatSnils', () => {
  it.each([
    ['', ''],
    ['1', '1'],
    ['123', '123'],
    ['1234', '123-4'],
    ['123456', '123-456'],
    ['1234567', '123-456-7'],
    ['123456789', '123-456-789'],
    ['1234567890', '123-456-789 0'],
    ['12345678901', '123-456-789 01'],
    ['123456789012', '123-456-789 01'],
    ['123-456-789 01', '123-456-789 01'],
    ['12a3 45-6', '123-456'],
  ])('%j → %j', (input, want) => {
    expect(formatSnils(input)).toBe(want);
  });
  it('keeps the digits only', () => {
    expect(snilsDigits('123-456-789 01')).toBe('12345678901');
  });
});
