import { describe, expect, it } from 'vitest';
import { announceRemaining, remaining } from './pairing-countdown.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('pairing code countdown', () => {
  it('counts whole seconds down as m:ss', () => {
    expect(remaining('2026-11-23T12:10:00Z', NOW)).toEqual({ seconds: 600, expired: false, clock: '10:00' });
    expect(remaining('2026-11-23T12:01:05Z', NOW)).toEqual({ seconds: 65, expired: false, clock: '1:05' });
    // A part of a second left still shows as a second.
    expect(remaining('2026-11-23T12:00:00.200Z', NOW).seconds).toBe(1);
  });

  it('is expired at and after the end, and for a time it cannot read', () => {
    expect(remaining('2026-11-23T12:00:00Z', NOW)).toEqual({ seconds: 0, expired: true, clock: '0:00' });
    expect(remaining('2026-11-23T11:00:00Z', NOW).expired).toBe(true);
    expect(remaining('soon', NOW).expired).toBe(true);
  });

  it('announces once a minute, then every 10 s in the last half minute, and the expiry', () => {
    const announced = Array.from({ length: 181 }, (_, i) => 180 - i).filter(announceRemaining);
    expect(announced).toEqual([180, 120, 60, 30, 20, 10, 0]);
  });
});
