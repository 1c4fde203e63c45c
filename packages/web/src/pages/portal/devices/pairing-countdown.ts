// How long a pairing code has left (the server gives it 10 minutes, single use): whole seconds, and
// "m:ss" for the countdown the page shows.

export interface Remaining {
  seconds: number;
  expired: boolean;
  /** `9:05` */
  clock: string;
}

export function remaining(expiresAt: string, nowMs: number): Remaining {
  const end = Date.parse(expiresAt);
  const seconds = Number.isNaN(end) ? 0 : Math.max(0, Math.ceil((end - nowMs) / 1000));
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return { seconds, expired: seconds === 0, clock };
}

/**
 * Whether a screen reader should hear the time left now: once a minute, and every 10 s in the last
 * half minute — not every second, which would drown everything else out (WCAG 2.2.1 asks that people
 * know about a time limit; it does not ask for a running commentary).
 */
export function announceRemaining(seconds: number): boolean {
  if (seconds <= 0) return true;
  if (seconds <= 30) return seconds % 10 === 0;
  return seconds % 60 === 0;
}
