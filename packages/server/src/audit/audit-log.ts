// The running audit log: read-side entries go to an in-memory queue that a background writer flushes in
// batches off the request path, sealing them straight into the Merkle tree as compact rows (the one
// appender; no AuditEvent resource is written, it is rendered when read), along
// with the entries writes committed in their own transactions; a signed tree head is published
// periodically and on demand.
// `close()` drains the queue, seals and signs, so nothing queued is lost on a clean shutdown; a crash
// loses at most one flush interval of read entries (writes are in their own transactions, never lost).
import type { Engine } from '../db/engine.ts';
import type { SigningKey } from '../auth/signing-keys.ts';
import { compactEntry, type AuditEntryInput } from './audit-event.ts';
import { bundleReferences, patientsOf } from './resolve-patients.ts';
import { SEAL_BATCH, sealBatch, sealPending, treeSize } from './seal.ts';
import { latestTreeHead, publishTreeHead, type SignedTreeHead } from './tree-heads.ts';

export interface AuditLogOptions {
  engine: Engine;
  signer: () => Promise<SigningKey>;
  /** How often queued entries are written and sealed (ms). */
  flushMs?: number;
  /** How often a new tree head is signed when the tree grew (ms). */
  headEveryMs?: number;
  now?: () => Date;
}

/** Where a queued read's patients come from: its entities, and the resources of its response Bundle. */
export interface ReadEvidence {
  bundle?: string;
}

export interface AuditLog {
  /** Queues an entry; returns at once (the request path never waits for the database). */
  record(entry: AuditEntryInput, evidence?: ReadEvidence): void;
  /** Writes the queue and seals every committed entry. */
  flush(): Promise<void>;
  /** Flushes, then signs and stores a tree head of the current tree. */
  publishHead(): Promise<SignedTreeHead>;
  close(): Promise<void>;
}

interface Queued {
  entry: AuditEntryInput;
  evidence?: ReadEvidence;
}

/** A queue this long is flushed at once instead of waiting for the timer. */
const EAGER_FLUSH = 2000;

export function startAuditLog(opts: AuditLogOptions): AuditLog {
  const now = opts.now ?? (() => new Date());
  let queue: Queued[] = [];
  let running: Promise<void> = Promise.resolve();
  let lastHeadAt = 0;
  let closed = false;

  async function writeQueue(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, SEAL_BATCH);
      const refs = batch.map(({ entry, evidence }) => [
        ...(entry.entities ?? []),
        ...(evidence?.bundle ? bundleReferences(evidence.bundle) : []),
      ]);
      const patients = await patientsOf(opts.engine, refs.flat());
      const entries = batch.map(({ entry }, i) => {
        const ids = new Set([...(entry.patients ?? []), ...refs[i]!.flatMap((r) => patients.get(r) ?? [])]);
        return { ...entry, patients: [...ids] };
      });
      await sealBatch(opts.engine, entries.map(compactEntry));
      queue = queue.slice(batch.length);
    }
  }

  async function cycle(): Promise<void> {
    await writeQueue();
    await sealPending(opts.engine);
    const due = now().getTime() - lastHeadAt >= (opts.headEveryMs ?? 60_000);
    if (due) await publishIfGrown();
  }

  async function publishIfGrown(): Promise<void> {
    const [head, size] = await Promise.all([latestTreeHead(opts.engine), treeSize(opts.engine)]);
    if (head?.tree_size === size) return;
    await publishTreeHead(opts.engine, await opts.signer(), now());
    lastHeadAt = now().getTime();
  }

  /** Runs one cycle after the previous one (single flight: one appender per process). */
  function schedule<T>(fn: () => Promise<T>): Promise<T> {
    const next = running.then(fn);
    running = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  // A failed cycle keeps its queue and is retried on the next tick; the reason is reported, never the entries.
  // Reported once per outage (not every tick), with the queue length, never the entries themselves.
  let failing = false;
  const runCycle = () => {
    schedule(cycle).then(
      () => {
        failing = false;
      },
      (err: unknown) => {
        if (!failing)
          process.emitWarning(`audit log flush failed (${queue.length} queued): ${(err as Error).message}`);
        failing = true;
      },
    );
  };
  const timer = setInterval(runCycle, opts.flushMs ?? 250);
  timer.unref();

  return {
    record(entry, evidence) {
      if (closed) throw new Error('The audit log is closed');
      queue.push({ entry, evidence });
      if (queue.length === EAGER_FLUSH) runCycle();
    },
    flush: () =>
      schedule(async () => {
        await writeQueue();
        await sealPending(opts.engine);
      }),
    publishHead: () =>
      schedule(async () => {
        await writeQueue();
        await sealPending(opts.engine);
        const head = await publishTreeHead(opts.engine, await opts.signer(), now());
        lastHeadAt = now().getTime();
        return head;
      }),
    async close() {
      closed = true;
      clearInterval(timer);
      await schedule(async () => {
        await writeQueue();
        await sealPending(opts.engine);
        await publishIfGrown();
      });
    },
  };
}
