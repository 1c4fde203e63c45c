// Keeps several import batches in flight, each in its own transaction, so on PostgreSQL two server
// processes write at once while this one validates and extracts the next batch (measured on the Synthea
// data: the database side of a batch takes most of its time). The result stays that of a sequential
// import: a batch runs alongside earlier ones only when nothing it does can see or race them.
//   - plain puts and plain creates only (deletes, conditional creates and updates read what earlier
//     items wrote, so such a batch waits until every earlier batch is done, and holds later ones back);
//   - no resource (Type/id) in common with a batch in flight (the later version must win, as in order);
//   - no conditional reference (`Practitioner?identifier=…`, http.html#trules) to a type that a batch in
//     flight writes, and the other way round: the search behind it must see exactly what it would in order.
import type { ImportItem, ImportItemResult } from './import-item.ts';
import { conditionalReferenceTypes } from './conditional-references.ts';

/** What a batch writes and reads, to decide whether it may run alongside another. */
interface Footprint {
  exclusive: boolean;
  keys: Set<string>;
  writes: Set<string>;
  reads: Set<string>;
}

interface Running {
  footprint: Footprint;
  settled: Promise<void>;
}

function footprintOf(items: readonly ImportItem[]): Footprint {
  const f: Footprint = { exclusive: false, keys: new Set(), writes: new Set(), reads: new Set() };
  for (const item of items) {
    if (item.action === 'delete' || item.action === 'conditional-update' || item.ifNoneExist !== undefined) {
      f.exclusive = true;
      continue;
    }
    const { resourceType, id } = item.resource;
    f.writes.add(resourceType);
    if (item.action === 'put' && id !== undefined) f.keys.add(`${resourceType}/${id}`);
    for (const type of conditionalReferenceTypes(item.resource)) f.reads.add(type);
  }
  return f;
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function conflict(a: Footprint, b: Footprint): boolean {
  return (
    a.exclusive ||
    b.exclusive ||
    overlaps(a.keys, b.keys) ||
    overlaps(a.reads, b.writes) ||
    overlaps(b.reads, a.writes)
  );
}

export type ApplyBatch = (items: ImportItem[]) => Promise<ImportItemResult[]>;

export class BatchScheduler {
  private readonly running = new Set<Running>();

  /** `parallel`: batches in flight at most (1 = strictly one after the other). */
  constructor(
    private readonly apply: ApplyBatch,
    private readonly parallel: number,
  ) {}

  /**
   * Starts the batch as soon as it may run, and returns (once it has started) its results to come
   * (wrapped, so that awaiting the start does not wait for them). Waiting here is the back-pressure that
   * keeps memory flat: at most `parallel` batches are held.
   */
  async start(items: ImportItem[]): Promise<{ results: Promise<ImportItemResult[]> }> {
    const footprint = footprintOf(items);
    for (;;) {
      const blocking = [...this.running].filter(
        (r) => this.running.size >= this.parallel || conflict(footprint, r.footprint),
      );
      if (blocking.length === 0) break;
      await Promise.race(blocking.map((r) => r.settled));
    }
    const results = this.apply(items);
    const running: Running = {
      footprint,
      // Failures are the caller's to handle (it awaits `results`); here only "no longer in flight" counts.
      settled: results.then(
        () => {
          this.finish(running);
        },
        () => {
          this.finish(running);
        },
      ),
    };
    this.running.add(running);
    return { results };
  }

  private finish(running: Running): void {
    this.running.delete(running);
  }
}
