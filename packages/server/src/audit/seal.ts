// The one appender: gives committed entries their leaf index in seq order, rewrites each entry to its
// leaf bytes, stores the tree nodes they complete, and projects them as AuditEvent resources so FHIR
// search (`AuditEvent?patient=`) and the patient compartment see them. One transaction per batch under
// an advisory lock, so several server processes may call it and the tree still grows one leaf at a time.
//
// Entries whose transaction commits after a later seq was sealed simply get a later leaf: the leaf
// index, carried inside the hashed bytes as the AuditEvent id, is the log's order.
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Queryable } from '../db/engine.ts';
import { putResources } from '../db/write.ts';
import { canonicalJson } from './canonical.ts';
import { appendLeaf, type StoredNode } from './frontier.ts';
import { leafHash } from './merkle.ts';
import { loadFrontier, storeNodes } from './nodes.ts';

/**
 * Entries sealed per transaction: bounds the transaction and the projection statement, and — on the
 * embedded engine's single connection — how long a request may wait behind the appender.
 */
export const SEAL_BATCH = 200;

/** An entry not yet stored: the read-audit queue's, sealed directly without a pending row. */
export interface FreshEntry {
  recorded: string;
  /** Canonical AuditEvent JSON without id (append.ts). */
  entry: string;
}

export interface TransactionRunner {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export async function treeSize(q: Queryable): Promise<number> {
  const r = await q.query<{ size: string | number }>('SELECT size FROM audit_tree');
  return Number(r.rows[0]?.size ?? 0);
}

/** The leaf bytes of an entry at `index`: its canonical AuditEvent JSON with id = the leaf index. */
export function leafBytes(entry: string, index: number): string {
  return canonicalJson({ ...(JSON.parse(entry) as AuditEvent), id: String(index) });
}

/**
 * Seals one batch of pending entries, then the `fresh` ones (inserted already sealed: one row write
 * each instead of an insert and an update); returns how many pending entries were sealed.
 */
export async function sealBatch(
  db: TransactionRunner,
  now: () => Date = () => new Date(),
  fresh: readonly FreshEntry[] = [],
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('hearth.audit.appender'))");
    const pending = await tx.query<{ seq: string | number; entry: string }>(
      'SELECT seq, entry FROM audit_entries WHERE leaf_index IS NULL ORDER BY seq LIMIT $1',
      [SEAL_BATCH],
    );
    if (pending.rows.length === 0 && fresh.length === 0) return 0;
    const size = await treeSize(tx);
    const frontier = await loadFrontier(tx, size);
    const nodes: StoredNode[] = [];
    const leaves = pending.rows.map((row, i) => {
      const bytes = leafBytes(row.entry, size + i);
      nodes.push(...appendLeaf(frontier, leafHash(Buffer.from(bytes, 'utf8'))));
      return { seq: row.seq, index: size + i, bytes };
    });
    const added = fresh.map((f, i) => {
      const index = size + leaves.length + i;
      const bytes = leafBytes(f.entry, index);
      nodes.push(...appendLeaf(frontier, leafHash(Buffer.from(bytes, 'utf8'))));
      return { recorded: f.recorded, index, bytes };
    });
    if (leaves.length > 0) {
      await tx.query(
        `UPDATE audit_entries a SET leaf_index = v.li, entry = v.entry
           FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(seq, li, entry) WHERE a.seq = v.seq`,
        [leaves.map((l) => l.seq), leaves.map((l) => l.index), leaves.map((l) => l.bytes)],
      );
    }
    if (added.length > 0) {
      await tx.query(
        `INSERT INTO audit_entries (recorded, entry, leaf_index)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::bigint[])`,
        [added.map((a) => a.recorded), added.map((a) => a.bytes), added.map((a) => a.index)],
      );
    }
    await storeNodes(tx, nodes);
    await tx.query('UPDATE audit_tree SET size = $1', [frontier.size]);
    // The FHIR view of the log; written here, not through the repository, because the repository's own
    // writes are what is being audited (an AuditEvent write would audit itself without end).
    await putResources(
      tx,
      [...leaves, ...added].map((l) => ({
        resource: JSON.parse(l.bytes) as AuditEvent,
        method: 'POST' as const,
      })),
      { now: now().toISOString() },
    );
    return leaves.length;
  });
}

/** Seals until nothing is pending; returns the number sealed. */
export async function sealPending(db: TransactionRunner & Queryable, now?: () => Date): Promise<number> {
  // A cheap look first (the partial index on pending rows), so an idle log opens no transaction.
  const any = await db.query('SELECT 1 FROM audit_entries WHERE leaf_index IS NULL LIMIT 1');
  if (any.rows.length === 0) return 0;
  let total = 0;
  for (;;) {
    const n = await sealBatch(db, now);
    total += n;
    if (n < SEAL_BATCH) return total;
  }
}
