// A sparkline's SVG path: points scaled into a width × height box (time across, value up), with a
// little padding so the stroke is not clipped. Pure, so the geometry is tested in Node.
import type { SeriesPoint } from './monitoring.types.ts';

export interface SparklineBox {
  width: number;
  height: number;
  /** Time span shown, ending at `endMs`: the last 24 h on the dashboard. */
  startMs: number;
  endMs: number;
  pad?: number;
}

/** `M x y L x y …`, or '' for no points; a single point is a short flat stroke so it shows. */
export function sparklinePath(points: readonly SeriesPoint[], box: SparklineBox): string {
  const shown = points.filter(([t, v]) => t >= box.startMs && t <= box.endMs && Number.isFinite(v));
  if (shown.length === 0) return '';
  const pad = box.pad ?? 2;
  const values = shown.map(([, v]) => v);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = box.endMs - box.startMs || 1;
  const x = (t: number) => pad + ((t - box.startMs) / span) * (box.width - 2 * pad);
  // A flat series sits in the middle rather than on the floor.
  const y = (v: number) =>
    max === min ? box.height / 2 : pad + (1 - (v - min) / (max - min)) * (box.height - 2 * pad);
  const r = (n: number) => Math.round(n * 10) / 10;
  if (shown.length === 1) {
    const [t, v] = shown[0]!;
    return `M${r(Math.max(pad, x(t) - 3))} ${r(y(v))}L${r(Math.min(box.width - pad, x(t) + 3))} ${r(y(v))}`;
  }
  return shown.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${r(x(t))} ${r(y(v))}`).join('');
}
