// _include and _revinclude (FHIR R4 search.html#include), with :iterate. Includes are resolved for the
// current page only, through idx_reference, one statement per (spec, resource type) group.
import type { Queryable } from '../engine.ts';
import type { RowCondition } from '../repository.types.ts';
import type { IncludeSpec } from './ast.ts';
import type { MatchRow } from './query.ts';
import { SqlParams } from './sql-params.ts';

/** At most this many included resources per page (search.html lets a server limit includes). */
export const MAX_INCLUDED = 1000;
/** :iterate rounds after the first; guards against reference cycles that keep adding resources. */
const MAX_ITERATIONS = 4;

const key = (r: { resource_type: string; id: string }) => `${r.resource_type}/${r.id}`;

export interface IncludeRequest {
  includes: readonly IncludeSpec[];
  revincludes: readonly IncludeSpec[];
}

/**
 * The resources the page's include parameters add, excluding the page's own matches. `access` leaves out
 * what the caller may not see, in SQL, before :iterate follows it (a denied resource never leads further).
 */
export async function findIncluded(
  db: Queryable,
  matches: readonly MatchRow[],
  request: IncludeRequest,
  access?: RowCondition,
): Promise<MatchRow[]> {
  const seen = new Set(matches.map(key));
  const included: MatchRow[] = [];
  let frontier: readonly MatchRow[] = matches;
  for (let round = 0; round <= MAX_ITERATIONS && frontier.length > 0; round++) {
    const active = (specs: readonly IncludeSpec[]) => specs.filter((s) => round === 0 || s.iterate);
    const found: MatchRow[] = [];
    for (const spec of active(request.includes)) found.push(...(await forward(db, frontier, spec, access)));
    for (const spec of active(request.revincludes))
      found.push(...(await reverse(db, frontier, spec, access)));
    const fresh: MatchRow[] = [];
    for (const row of found) {
      if (seen.has(key(row)) || included.length >= MAX_INCLUDED) continue;
      seen.add(key(row));
      included.push(row);
      fresh.push(row);
    }
    frontier = fresh;
  }
  return included;
}

function byType(rows: readonly MatchRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of rows) groups.set(r.resource_type, [...(groups.get(r.resource_type) ?? []), r.id]);
  return groups;
}

/** `_include=Source:param[:Target]`: the resources the frontier's Source resources refer to. */
async function forward(
  db: Queryable,
  frontier: readonly MatchRow[],
  spec: IncludeSpec,
  access: RowCondition | undefined,
): Promise<MatchRow[]> {
  const rows: MatchRow[] = [];
  for (const [type, ids] of byType(frontier)) {
    if (spec.sourceType !== '*' && spec.sourceType !== type) continue;
    const p = new SqlParams();
    const where = [
      `ref.resource_type = ${p.add(type)}`,
      `ref.resource_id IN (${p.list(ids)})`,
      'ref.target_id IS NOT NULL',
    ];
    if (spec.param !== '*') where.push(`ref.param = ${p.add(spec.param)}`);
    if (spec.targetType !== undefined) where.push(`ref.target_type = ${p.add(spec.targetType)}`);
    const allowed = access ? ` AND ${access('r', spec.targetType, p)}` : '';
    const sql = `SELECT r.resource_type, r.id, r.content FROM resources r WHERE NOT r.deleted${allowed} AND (r.resource_type, r.id) IN (SELECT ref.target_type, ref.target_id FROM idx_reference ref WHERE ${where.join(' AND ')}) ORDER BY r.resource_type, r.id LIMIT ${p.add(MAX_INCLUDED)}`;
    rows.push(...(await db.query<MatchRow>(sql, p.values)).rows);
  }
  return rows;
}

/** `_revinclude=Source:param[:Target]`: the Source resources that refer to the frontier. */
async function reverse(
  db: Queryable,
  frontier: readonly MatchRow[],
  spec: IncludeSpec,
  access: RowCondition | undefined,
): Promise<MatchRow[]> {
  const rows: MatchRow[] = [];
  for (const [type, ids] of byType(frontier)) {
    if (spec.targetType !== undefined && spec.targetType !== type) continue;
    const p = new SqlParams();
    const where = [`ref.target_type = ${p.add(type)}`, `ref.target_id IN (${p.list(ids)})`];
    if (spec.sourceType !== '*') where.push(`ref.resource_type = ${p.add(spec.sourceType)}`);
    if (spec.param !== '*') where.push(`ref.param = ${p.add(spec.param)}`);
    const source = spec.sourceType === '*' ? undefined : spec.sourceType;
    const allowed = access ? ` AND ${access('r', source, p)}` : '';
    const sql = `SELECT r.resource_type, r.id, r.content FROM resources r WHERE NOT r.deleted${allowed} AND (r.resource_type, r.id) IN (SELECT ref.resource_type, ref.resource_id FROM idx_reference ref WHERE ${where.join(' AND ')}) ORDER BY r.resource_type, r.id LIMIT ${p.add(MAX_INCLUDED)}`;
    rows.push(...(await db.query<MatchRow>(sql, p.values)).rows);
  }
  return rows;
}
