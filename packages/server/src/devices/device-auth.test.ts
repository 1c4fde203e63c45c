// HTTP Basic parsing for devices (RFC 7617 §2): the user name ends at the first colon; the password may
// hold colons; anything else is no Basic credential at all.
import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from './device-auth.ts';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseBasicAuth', () => {
  it('splits at the first colon, so a password may contain colons', () => {
    expect(parseBasicAuth(basic('dev-1:pa:ss'))).toEqual({ username: 'dev-1', password: 'pa:ss' });
    expect(parseBasicAuth(basic('dev-1:'))).toEqual({ username: 'dev-1', password: '' });
  });

  it('accepts the scheme name in any case (RFC 7235 §2.1)', () => {
    expect(parseBasicAuth(basic('d:p').replace('Basic', 'bAsIc'))).toEqual({ username: 'd', password: 'p' });
  });

  it('refuses a missing header, another scheme, bad base64 or no colon', () => {
    for (const header of [undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', basic('no-colon')]) {
      expect(parseBasicAuth(header), String(header)).toBeUndefined();
    }
  });
});
