// Chart input → uPlot's aligned columns (one shared x axis in seconds, one y column per series with
// nulls where that series has no sample). Pure, so alignment and flag handling are tested in Node.

export type Flag = 'H' | 'L' | 'A';

export interface ChartPoint {
  t: Date;
  v: number;
  flag?: Flag;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
  unit: string;
}

export interface ReferenceRange {
  low?: number;
  high?: number;
}

export interface AlignedData {
  /** Seconds since the epoch, ascending, unique. */
  xs: number[];
  /** Per series: its value at each x, or null. */
  values: (number | null)[][];
  /** Per series: its value at each x only where that point is flagged, else null. */
  flagged: (number | null)[][];
}

export function alignSeries(series: readonly ChartSeries[]): AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.t.getTime() / 1000)))].sort(
    (a, b) => a - b,
  );
  const index = new Map(xs.map((x, i) => [x, i]));
  const values = series.map(() => xs.map((): number | null => null));
  const flagged = series.map(() => xs.map((): number | null => null));
  series.forEach((s, si) => {
    for (const p of s.points) {
      if (!Number.isFinite(p.v)) continue;
      const i = index.get(p.t.getTime() / 1000)!;
      values[si]![i] = p.v;
      if (p.flag) flagged[si]![i] = p.v;
    }
  });
  return { xs, values, flagged };
}

/** The y range to show: the data and the reference band, with a little room above and below. */
export function yRange(data: AlignedData, range: ReferenceRange | undefined): [number, number] {
  const ys = data.values.flat().filter((v): v is number => v !== null);
  if (range?.low !== undefined) ys.push(range.low);
  if (range?.high !== undefined) ys.push(range.high);
  if (ys.length === 0) return [0, 1];
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const pad = max === min ? Math.abs(max) * 0.1 || 1 : (max - min) * 0.08;
  return [min - pad, max + pad];
}

/** Table rows for the accessible alternative: every point, newest first. */
export function tableRows(series: readonly ChartSeries[]): { series: ChartSeries; point: ChartPoint }[] {
  return series
    .flatMap((s) => s.points.map((point) => ({ series: s, point })))
    .sort((a, b) => b.point.t.getTime() - a.point.t.getTime());
}
