import { describe, expect, it } from 'vitest';
import { BAND_STYLES, contrast, SEVERITY_STYLES } from './news2-band.ts';

describe('NEWS2 band colours', () => {
  it('computes WCAG contrast (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it.each(Object.entries({ ...BAND_STYLES, ...SEVERITY_STYLES }))(
    '%s: text has at least 4.5:1 on its background, the border at least 3:1 on white',
    (_band, style) => {
      expect(contrast(style.color, style.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(style.border, '#ffffff')).toBeGreaterThanOrEqual(3);
    },
  );
});
