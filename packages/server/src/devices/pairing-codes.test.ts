// Pairing codes as a person reads and types them (pairing-codes.ts): the alphabet, the length, and what
// typing may add or change. Storage, expiry and the attempt limit are in devices.routes.int.test.ts.
import { describe, expect, it } from 'vitest';
import {
  newPairingCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
} from './pairing-codes.ts';

describe('pairing codes', () => {
  it('are 8 characters of a 32-letter alphabet without 0, O, 1 or I', () => {
    expect(PAIRING_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(PAIRING_CODE_ALPHABET).size).toBe(32);
    expect(PAIRING_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    const codes = Array.from({ length: 2000 }, newPairingCode);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(PAIRING_CODE_LENGTH).toBe(8);
    // Every letter turns up (no letter is unreachable) and codes do not repeat.
    expect(new Set(codes.join('')).size).toBe(32);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('read back whatever the case, spaces or hyphens typed', () => {
    expect(normalizePairingCode('k7qm-x3pa')).toBe('K7QMX3PA');
    expect(normalizePairingCode(' K7QM X3PA ')).toBe('K7QMX3PA');
    expect(normalizePairingCode('K7QMX3PA')).toBe('K7QMX3PA');
  });

  it('refuse what cannot be a code: length, look-alikes, other characters', () => {
    for (const typed of ['', 'K7QMX3P', 'K7QMX3PAA', 'K7QMX3P0', 'K7QMX3PI', 'K7QM_X3P', 'K7QMX3PÄ']) {
      expect(normalizePairingCode(typed), typed).toBeUndefined();
    }
  });
});
