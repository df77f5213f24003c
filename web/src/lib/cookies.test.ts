import { afterEach, describe, expect, it } from 'vitest';
import { readCookie, writeCookie } from './cookies';

describe("the app's preference cookies", () => {
  afterEach(() => {
    for (const name of ['uslugi_region', 'x_uslugi_region']) document.cookie = `${name}=; Max-Age=0; Path=/`;
  });

  it('reads back what it wrote, only under that exact name, and forgets it on null', () => {
    document.cookie = 'x_uslugi_region=99; Path=/';
    expect(readCookie('uslugi_region')).toBeNull();
    writeCookie('uslugi_region', '77');
    expect(readCookie('uslugi_region')).toBe('77');
    expect(readCookie('x_uslugi_region')).toBe('99');
    writeCookie('uslugi_region', null);
    expect(readCookie('uslugi_region')).toBeNull();
  });

  it('keeps values that need escaping intact', () => {
    writeCookie('uslugi_region', 'a b;c=d');
    expect(readCookie('uslugi_region')).toBe('a b;c=d');
  });
});
