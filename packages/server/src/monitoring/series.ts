// A reading series for the dashboard's sparklines: the last 24 hours in 15-minute buckets (≤ 96 points),
// each the mean of its readings. Adding a reading is O(1) amortised; memory is bounded per series.

export const SERIES_SPAN_MS = 24 * 3600_000;
export const BUCKET_MS = 15 * 60_000;

export class Series {
  private readonly buckets: { start: number; sum: number; count: number }[] = [];

  add(timeMs: number, value: number): void {
    const start = timeMs - (timeMs % BUCKET_MS);
    const last = this.buckets.at(-1);
    if (last && last.start === start) {
      last.sum += value;
      last.count += 1;
    } else if (!last || start > last.start) {
      this.buckets.push({ start, sum: value, count: 1 });
      while (this.buckets.length > 0 && this.buckets[0]!.start <= start - SERIES_SPAN_MS)
        this.buckets.shift();
    } else {
      const b = this.buckets.find((x) => x.start === start);
      if (b) {
        b.sum += value;
        b.count += 1;
      } else if (start > last.start - SERIES_SPAN_MS) {
        this.buckets.push({ start, sum: value, count: 1 });
        this.buckets.sort((a, c) => a.start - c.start);
      }
    }
  }

  /** `[timeMs, mean]` of the buckets in the 24 hours before `nowMs`. */
  points(nowMs: number): [number, number][] {
    return this.buckets
      .filter((b) => b.start > nowMs - SERIES_SPAN_MS)
      .map((b) => [b.start, Number((b.sum / b.count).toFixed(2))]);
  }
}
