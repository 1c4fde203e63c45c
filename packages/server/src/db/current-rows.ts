// The current rows a write replaces, read under `SELECT … FOR UPDATE` so concurrent writers of the same
// resource serialise and version ids strictly increase.
import type { Queryable } from './engine.ts';
import { keyOf, toInstant, type CurrentRow, type ResourceKey } from './versions.ts';

/** A `resources` row as selected by `CURRENT_COLUMNS`. */
export interface CurrentRecord {
  resource_type: string;
  id: string;
  version_id: string;
  deleted: boolean;
  last_updated: string;
  content: string;
}

export const CURRENT_COLUMNS = 'r.resource_type, r.id, r.version_id, r.deleted, r.last_updated, r.content';

/** Locks and returns the current rows of the given resources, keyed `Type/id`; unknown ones are absent. */
export async function lockCurrent(
  q: Queryable,
  keys: readonly ResourceKey[],
): Promise<Map<string, CurrentRow>> {
  if (keys.length === 0) return new Map();
  // A single key (every interactive write) takes the plain primary-key statement: cheaper to plan.
  const r =
    keys.length === 1
      ? await q.query<CurrentRecord>(
          `SELECT ${CURRENT_COLUMNS} FROM resources r WHERE r.resource_type = $1 AND r.id = $2 FOR UPDATE`,
          [keys[0]!.type, keys[0]!.id],
        )
      : await q.query<CurrentRecord>(
          `SELECT ${CURRENT_COLUMNS} FROM resources r
           JOIN unnest($1::text[], $2::text[]) AS k(t, i) ON r.resource_type = k.t AND r.id = k.i
           FOR UPDATE OF r`,
          [keys.map((k) => k.type), keys.map((k) => k.id)],
        );
  return new Map(r.rows.map((row) => [keyOf(row.resource_type, row.id), currentRow(row)]));
}

export function currentRow(row: CurrentRecord): CurrentRow {
  return {
    type: row.resource_type,
    id: row.id,
    versionId: Number(row.version_id),
    deleted: row.deleted,
    lastUpdated: toInstant(row.last_updated),
    content: row.content,
  };
}
