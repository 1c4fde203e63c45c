// Bulk export of current resources as NDJSON lines, keyset-paged on (resource_type, id) so memory stays
// constant and a page never skips or repeats a row while writes go on. It reads the stored JSON text
// as served (meta included) straight from the current-version table, as a Bulk Data $export would:
// read-only, no parse/serialise round trip.
import { researchUseCondition } from '../access/research-use.ts';
import type { Queryable } from '../db/engine.ts';
import { SqlParams } from '../db/search/sql-params.ts';

export interface ExportPageRequest {
  /** Resource types to export; empty = all. */
  types: readonly string[];
  /** Only resources last updated at or after this instant (Bulk Data `_since`). */
  since?: string;
  /** Cursor from the previous page: `Type/id` of its last resource. */
  after?: string;
  limit: number;
  /** `research`: leave out patients who opted out of research, and their records (access/research-use.ts). */
  purpose?: 'research';
}

export interface ExportPage {
  /** One resource JSON per element, in (type, id) order. */
  lines: string[];
  /** Cursor for the next page; absent on the last page. */
  next?: string;
}

export async function exportPage(db: Queryable, req: ExportPageRequest): Promise<ExportPage> {
  const p = new SqlParams();
  const param = (v: unknown) => p.add(v);
  const where = ['deleted = false'];
  if (req.types.length > 0) where.push(`resource_type IN (${req.types.map(param).join(', ')})`);
  if (req.purpose === 'research') {
    // Per type when the types are known, so a Consent limited to some types (provision.class) is read
    // exactly; across all types it is read strictly (consent-sql.ts).
    const research = researchUseCondition(new Date());
    where.push(
      req.types.length > 0
        ? `(${req.types.map((t) => `(resource_type = ${param(t)} AND ${research('r', t, p)})`).join(' OR ')})`
        : research('r', undefined, p),
    );
  }
  if (req.since) where.push(`last_updated >= ${param(req.since)}::timestamptz`);
  if (req.after) {
    const slash = req.after.indexOf('/');
    where.push(
      `(resource_type, id) > (${param(req.after.slice(0, slash))}, ${param(req.after.slice(slash + 1))})`,
    );
  }
  const r = await db.query<{ resource_type: string; id: string; content: string }>(
    `SELECT resource_type, id, content FROM resources r WHERE ${where.join(' AND ')} ORDER BY resource_type, id LIMIT ${param(req.limit)}`,
    p.values,
  );
  const last = r.rows[r.rows.length - 1];
  return {
    lines: r.rows.map((row) => row.content),
    ...(last && r.rows.length === req.limit ? { next: `${last.resource_type}/${last.id}` } : {}),
  };
}
