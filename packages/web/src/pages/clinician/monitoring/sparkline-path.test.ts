import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline-path.ts';

const box = { width: 104, height: 24, startMs: 0, endMs: 100, pad: 2 };

describe('sparklinePath', () => {
  it('is empty without points in the window', () => {
    expect(sparklinePath([], box)).toBe('');
    expect(sparklinePath([[200, 5]], box)).toBe('');
  });

  it('puts time across and the highest value at the top', () => {
    expect(
      sparklinePath(
        [
          [0, 10],
          [50, 20],
          [100, 15],
        ],
        box,
      ),
    ).toBe('M2 22L52 2L102 12');
  });

  it('draws a flat series across the middle and a single point as a short stroke', () => {
    expect(
      sparklinePath(
        [
          [0, 7],
          [100, 7],
        ],
        box,
      ),
    ).toBe('M2 12L102 12');
    expect(sparklinePath([[50, 7]], box)).toBe('M49 12L55 12');
  });
});
