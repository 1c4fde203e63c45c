// Appending to the audit log (DESIGN.md §3): one INSERT, usable inside any transaction — the
// repository calls it in the transaction of the change it records, so there is no change without its
// entry and no entry without its change. Rows get their place in the Merkle tree later, from the one
// appender (seal.ts), so writers never wait on each other for a global order.
import type { Queryable } from '../db/engine.ts';
import { searchColumns } from './audit-columns.ts';
import { compactEntry, type AuditEntryInput, type CompactEntry } from './audit-event.ts';
import { canonicalJson } from './canonical.ts';

export type { AuditEntryInput } from './audit-event.ts';

export async function appendAuditEntry(q: Queryable, entry: AuditEntryInput): Promise<void> {
  await appendAuditEntries(q, [entry]);
}

/** Several entries in one statement. */
export async function appendAuditEntries(q: Queryable, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => {
    const compact = compactEntry(e);
    return { entry: compact, bytes: canonicalJson(compact), index: null };
  });
  await insertEntryRows(q, rows);
}

/** A row of audit_entries: its entry, the bytes stored for it, and its leaf index once sealed. */
export interface EntryRow {
  entry: CompactEntry;
  bytes: string;
  index: number | null;
}

/** Inserts entry rows with the columns AuditEvent search reads (migration 0019), in one statement. */
export async function insertEntryRows(q: Queryable, rows: readonly EntryRow[]): Promise<void> {
  const cols = rows.map((r) => searchColumns(r.entry));
  await q.query(
    `INSERT INTO audit_entries
       (recorded, entry, leaf_index, outcome, subtype, action, agent, altid, address, entities)
     SELECT v.recorded, v.entry, v.leaf_index, v.outcome, v.subtype, v.action, v.agent, v.altid, v.address,
            string_to_array(v.entities, ' ')
       FROM unnest($1::timestamptz[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[], $10::text[])
         AS v(recorded, entry, leaf_index, outcome, subtype, action, agent, altid, address, entities)`,
    [
      rows.map((r) => r.entry.recorded),
      rows.map((r) => r.bytes),
      rows.map((r) => r.index),
      cols.map((c) => c.outcome),
      cols.map((c) => c.subtype),
      cols.map((c) => c.action),
      cols.map((c) => c.agent),
      cols.map((c) => c.altid),
      cols.map((c) => c.address),
      // One space-joined string per row, split by the database (cheaper than a JSON array parsed per
      // row). References to real resources hold no space (ids are [A-Za-z0-9.-]); a requested path
      // that did (an unknown id) keeps it %-encoded.
      cols.map((c) => c.entities.map((r) => r.replaceAll(' ', '%20')).join(' ')),
    ],
  );
}
