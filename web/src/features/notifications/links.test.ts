import { describe, expect, it } from 'vitest';
import { routeOf } from './links';

describe('routeOf', () => {
  it('maps the verification link to the personal data screen', () => {
    expect(routeOf('uslugi://account/verification')).toBe('/account/personal');
  });
  it('keeps known sections and drops unknown ones', () => {
    expect(routeOf('uslugi://statements/fines')).toBe('/statements/fines');
    expect(routeOf('uslugi://nowhere/1')).toBeNull();
    expect(routeOf('')).toBeNull();
  });
  it('sends applications and consents to the documents screens', () => {
    expect(routeOf('uslugi://consents/42')).toBe('/documents/consents/42');
    expect(routeOf('uslugi://applications/7')).toBe('/documents/applications/7');
  });
  it('passes https links through', () => {
    expect(routeOf('https://example.org/x')).toBe('https://example.org/x');
  });
});
