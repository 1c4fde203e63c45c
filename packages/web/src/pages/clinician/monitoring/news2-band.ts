// How a NEWS2 band looks: the chart's colours (RCP NEWS2 (2017), Chart 1 and the observation chart:
// white for 0, yellow for 1–4 and a 3 in one parameter, orange for 5–6, red for 7 or more), darkened
// where the text sits on them so the words keep 4.5:1 contrast (WCAG 1.4.3). Colour is never the only
// cue: the badge always says the score and the band in words (WCAG 1.4.1).
import type { AlertSeverity, News2Band } from './monitoring.types.ts';

export interface BandStyle {
  background: string;
  color: string;
  /** A border, so the pale "none" badge is still visible on white (WCAG 1.4.11). */
  border: string;
}

export const BAND_STYLES: Readonly<Record<News2Band, BandStyle>> = {
  none: { background: '#ffffff', color: '#343a40', border: '#868e96' },
  low: { background: '#fff3bf', color: '#5c4400', border: '#b08800' },
  'low-medium': { background: '#ffe066', color: '#4a3600', border: '#8f6b00' },
  medium: { background: '#a34700', color: '#ffffff', border: '#a34700' },
  high: { background: '#b3261e', color: '#ffffff', border: '#b3261e' },
};

export const SEVERITY_STYLES: Readonly<Record<AlertSeverity, BandStyle>> = {
  low: BAND_STYLES.low,
  medium: BAND_STYLES.medium,
  high: BAND_STYLES.high,
};

/** WCAG 2.x relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
