// What `hearth audit verify` reads: the sealed size, the signed heads and their keys, and the entries
// page by page with the leaf hash the appender stored. Served by the admin API (cli/admin.routes.ts)
// so the check works the same against a running server's socket or a database opened in-process.
import type { JWK } from 'jose';
import type { Queryable } from '../db/engine.ts';
import { treeHeadKeys, treeHeadsUpTo, type SignedTreeHead } from './tree-heads.ts';

export interface AuditLogState {
  /** Leaves sealed by the appender. */
  size: number;
  /** Entries still waiting for the appender (not yet in the tree). */
  pending: number;
  /** Rows claiming a leaf index at or past `size`, which the appender never gave (first few). */
  beyond: number[];
  heads: SignedTreeHead[];
  keys: JWK[];
}

export interface AuditRow {
  leaf_index: number;
  entry: string;
  /** Hex leaf hash stored by the appender for this index, or null if none. */
  stored: string | null;
}

export interface AuditLogSource {
  state(): Promise<AuditLogState>;
  /** Rows with from ≤ leaf_index < to, by leaf_index. */
  page(from: number, to: number): Promise<AuditRow[]>;
  /** The stored leaf hash (hex) at an index. */
  leafAt(index: number): Promise<string | null>;
  /** Where the entry whose AuditEvent id is `id` sits now, if anywhere. */
  findEntry(id: number): Promise<number | null>;
}

export function databaseSource(q: Queryable): AuditLogSource {
  return {
    async state() {
      // One statement, one snapshot: the size and what lies beyond it agree.
      const r = await q.query<{ size: string; pending: string; beyond: (string | number)[] | null }>(
        `SELECT t.size::text AS size,
                (SELECT count(*) FROM audit_entries WHERE leaf_index IS NULL)::text AS pending,
                (SELECT array_agg(leaf_index ORDER BY leaf_index) FROM
                   (SELECT leaf_index FROM audit_entries WHERE leaf_index >= t.size ORDER BY leaf_index LIMIT 10) b)
                  AS beyond
           FROM audit_tree t`,
      );
      const row = r.rows[0]!;
      const size = Number(row.size);
      return {
        size,
        pending: Number(row.pending),
        beyond: (row.beyond ?? []).map(Number),
        heads: await treeHeadsUpTo(q, Number.MAX_SAFE_INTEGER),
        keys: await treeHeadKeys(q),
      };
    },
    async page(from, to) {
      const r = await q.query<{ leaf_index: string | number; entry: string; stored: string | null }>(
        `SELECT a.leaf_index, a.entry, encode(n.hash, 'hex') AS stored FROM audit_entries a
           LEFT JOIN audit_nodes n ON n.level = 0 AND n.idx = a.leaf_index
          WHERE a.leaf_index >= $1 AND a.leaf_index < $2 ORDER BY a.leaf_index`,
        [from, to],
      );
      return r.rows.map((x) => ({ leaf_index: Number(x.leaf_index), entry: x.entry, stored: x.stored }));
    },
    async leafAt(index) {
      const r = await q.query<{ h: string }>(
        "SELECT encode(hash, 'hex') AS h FROM audit_nodes WHERE level = 0 AND idx = $1",
        [index],
      );
      return r.rows[0]?.h ?? null;
    },
    async findEntry(id) {
      // Leaves are canonical JSON, so the top-level id is written exactly `"id":"<n>"`.
      const r = await q.query<{ leaf_index: string | number | null }>(
        'SELECT leaf_index FROM audit_entries WHERE leaf_index IS NOT NULL AND position($1 in entry) > 0 LIMIT 1',
        [`"id":"${id}"`],
      );
      const found = r.rows[0]?.leaf_index;
      return found === undefined || found === null ? null : Number(found);
    },
  };
}
