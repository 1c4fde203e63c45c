// Appending to the audit log (DESIGN.md §3): one INSERT, usable inside any transaction — the
// repository calls it in the transaction of the change it records, so there is no change without its
// entry and no entry without its change. Rows get their place in the Merkle tree later, from the one
// appender (seal.ts), so writers never wait on each other for a global order.
import type { Queryable } from '../db/engine.ts';
import { toAuditEvent, type AuditEntryInput } from './audit-event.ts';
import { canonicalJson } from './canonical.ts';

export type { AuditEntryInput } from './audit-event.ts';

export async function appendAuditEntry(q: Queryable, entry: AuditEntryInput): Promise<void> {
  await appendAuditEntries(q, [entry]);
}

/** Several entries in one statement. */
export async function appendAuditEntries(q: Queryable, entries: readonly AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await q.query(
    'INSERT INTO audit_entries (recorded, entry) SELECT * FROM unnest($1::timestamptz[], $2::text[])',
    [entries.map((e) => e.recorded), entries.map(auditEntryJson)],
  );
}

/** The stored form of an entry: the canonical JSON of its AuditEvent, before the log gives it an id. */
export function auditEntryJson(entry: AuditEntryInput): string {
  return canonicalJson(toAuditEvent(entry));
}
