import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 test key "12345678901234567890" (base32 below) gives 94287082 at
// T = 59 s; the 6-digit code is its last six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

async function codeAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

describe('TOTP', () => {
  it('accepts the RFC 6238 test vector at its fixed time', async () => {
    const now = new Date(59_000);
    expect(await verifyTotp({ secret: RFC_SECRET, code: '287082', now })).toBe(1);
    expect(await verifyTotp({ secret: RFC_SECRET, code: '287 082', now })).toBe(1);
  });

  it('refuses a wrong code, a malformed code and a code two steps old', async () => {
    const secret = newTotpSecret();
    const now = new Date('2026-03-01T12:00:00Z');
    const code = await codeAt(secret, now);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await verifyTotp({ secret, code: wrong, now })).toBeUndefined();
    expect(await verifyTotp({ secret, code: 'abcdef', now })).toBeUndefined();
    expect(await verifyTotp({ secret, code, now: new Date(now.getTime() + 65_000) })).toBeUndefined();
  });

  it('tolerates one step of clock drift', async () => {
    const secret = newTotpSecret();
    const now = new Date('2026-03-01T12:00:00Z');
    const code = await codeAt(secret, now);
    expect(await verifyTotp({ secret, code, now: new Date(now.getTime() + 30_000) })).toBeDefined();
  });

  it('refuses a replay of a code whose step was already used', async () => {
    const secret = newTotpSecret();
    const now = new Date('2026-03-01T12:00:00Z');
    const code = await codeAt(secret, now);
    const step = await verifyTotp({ secret, code, now });
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    expect(await verifyTotp({ secret, code, now, lastStep: step })).toBeUndefined();
  });

  it('gives a 160-bit secret, an otpauth URI and an SVG QR code', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(secret, 'alice');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Hearth:alice\?/);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Hearth');
    expect(await totpQrSvg(uri)).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
  });
});
