// The one appender: gives committed entries their leaf index in seq order, rewrites each entry to its
// leaf bytes, stores the tree nodes they complete, and files each sealed entry under the patients whose
// compartment it is in (idx_compartment, AuditEvent id = leaf index), which is all AuditEvent search and
// access rules need besides the row itself (migration 0019: no AuditEvent resource is written; it is
// rendered from the row when read). One transaction per batch under an advisory lock, so several
// server processes may call it and the tree still grows one leaf at a time.
//
// Entries whose transaction commits after a later seq was sealed simply get a later leaf: the leaf
// index, carried inside the hashed bytes as the entry's id, is the log's order.
import type { Queryable } from '../db/engine.ts';
import { insertEntryRows } from './append.ts';
import { compartmentOf } from './audit-columns.ts';
import type { CompactEntry } from './audit-event.ts';
import { canonicalJson } from './canonical.ts';
import { appendLeaf, type StoredNode } from './frontier.ts';
import { leafHash } from './merkle.ts';
import { loadFrontier, storeNodes } from './nodes.ts';

/**
 * Entries sealed per transaction: bounds the transaction and its statements, and — on the embedded
 * engine's single connection — how long a request may wait behind the appender.
 */
export const SEAL_BATCH = 200;

export interface TransactionRunner {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export async function treeSize(q: Queryable): Promise<number> {
  const r = await q.query<{ size: string | number }>('SELECT size FROM audit_tree');
  return Number(r.rows[0]?.size ?? 0);
}

interface Sealed {
  index: number;
  patients: string[];
}

/**
 * Seals one batch of pending entries, then the `fresh` ones (the read-audit queue's, inserted already
 * sealed: one row write each instead of an insert and an update); returns how many pending entries
 * were sealed.
 */
export async function sealBatch(db: TransactionRunner, fresh: readonly CompactEntry[] = []): Promise<number> {
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
    const sealed: Sealed[] = [];
    const seal = (stored: Record<string, unknown>): string => {
      const index = frontier.size;
      const bytes = canonicalJson({ ...stored, id: String(index) });
      nodes.push(...appendLeaf(frontier, leafHash(Buffer.from(bytes, 'utf8'))));
      sealed.push({ index, patients: compartmentOf(stored) });
      return bytes;
    };
    const updated = pending.rows.map((row) => {
      const index = frontier.size;
      return { seq: row.seq, index, bytes: seal(JSON.parse(row.entry) as Record<string, unknown>) };
    });
    const added = fresh.map((entry) => {
      const index = frontier.size;
      return { entry, index, bytes: seal(entry as unknown as Record<string, unknown>) };
    });
    if (updated.length > 0) {
      await tx.query(
        `UPDATE audit_entries a SET leaf_index = v.li, entry = v.entry
           FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(seq, li, entry) WHERE a.seq = v.seq`,
        [updated.map((l) => l.seq), updated.map((l) => l.index), updated.map((l) => l.bytes)],
      );
    }
    if (added.length > 0) await insertEntryRows(tx, added);
    await storeNodes(tx, nodes);
    await fileUnderPatients(tx, sealed);
    await tx.query('UPDATE audit_tree SET size = $1', [frontier.size]);
    return updated.length;
  });
}

/** idx_compartment rows (AuditEvent/<leaf index> → patient): `AuditEvent?patient=` and access rules. */
async function fileUnderPatients(tx: Queryable, sealed: readonly Sealed[]): Promise<void> {
  const pairs = sealed.flatMap((s) => s.patients.map((p) => [String(s.index), p] as const));
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO idx_compartment (resource_type, resource_id, patient_id)
       SELECT 'AuditEvent', v.id, v.patient FROM unnest($1::text[], $2::text[]) AS v(id, patient)`,
    [pairs.map(([id]) => id), pairs.map(([, p]) => p)],
  );
}

/** Seals until nothing is pending; returns the number sealed. */
export async function sealPending(db: TransactionRunner & Queryable): Promise<number> {
  // A cheap look first (the partial index on pending rows), so an idle log opens no transaction.
  const any = await db.query('SELECT 1 FROM audit_entries WHERE leaf_index IS NULL LIMIT 1');
  if (any.rows.length === 0) return 0;
  let total = 0;
  for (;;) {
    const n = await sealBatch(db);
    total += n;
    if (n < SEAL_BATCH) return total;
  }
}
