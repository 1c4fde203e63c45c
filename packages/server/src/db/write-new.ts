// Creates in one round trip. Most puts of an import or a transaction bundle create their resource (the
// client assigns the id, http.html#upsert), and a POST always does; locking the current row first and
// writing second costs two statements where one does. This statement locks whatever current rows exist
// (`FOR UPDATE`), writes version 1 of the resources that have none, and returns the locked rows of the
// others, which the caller then plans and writes as updates (write.ts), so an update costs what it did.
// A resource created by a concurrent writer after this statement's snapshot is neither written nor
// returned: its history row 1 already exists (ON CONFLICT DO NOTHING waits for that writer to finish),
// and the caller locks and updates it like any other existing resource.
import type { Queryable } from './engine.ts';
import { CURRENT_COLUMNS, currentRow, type CurrentRecord } from './current-rows.ts';
import { newStatement, statementText } from './statement.ts';
import { keyOf, type CurrentRow } from './versions.ts';
import { addIndexInserts } from './write-index.ts';
import { addVersionRows, type NewVersion } from './write-rows.ts';

export interface CreateFirstOutcome {
  /** `Type/id` of the resources written as version 1. */
  written: Set<string>;
  /** The current rows, now locked, of the resources that already existed (deleted ones included). */
  current: Map<string, CurrentRow>;
}

type Returned = CurrentRecord & { existed: boolean };

/** Writes `versions` (each planned as version 1 of a new resource) where no resource exists yet. */
export async function storeIfNew(q: Queryable, versions: readonly NewVersion[]): Promise<CreateFirstOutcome> {
  const outcome: CreateFirstOutcome = { written: new Set(), current: new Map() };
  if (versions.length === 0) return outcome;
  const s = newStatement();
  addVersionRows(s, versions);
  s.ctes.push(
    `cur AS (SELECT ${CURRENT_COLUMNS} FROM resources r
       JOIN v ON r.resource_type = v.resource_type AND r.id = v.id FOR UPDATE OF r)`,
    `h AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, patient_id, method, content)
       SELECT resource_type, id, version_id, last_updated, false, patient_id, method, content FROM v
       WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.resource_type = v.resource_type AND cur.id = v.id)
       ON CONFLICT DO NOTHING
       RETURNING resource_type, id)`,
    `r AS (INSERT INTO resources (resource_type, id, version_id, last_updated, deleted, patient_id, content)
       SELECT v.resource_type, v.id, v.version_id, v.last_updated, false, v.patient_id, v.content
       FROM v JOIN h ON h.resource_type = v.resource_type AND h.id = v.id)`,
  );
  addIndexInserts(s, versions, 'h');
  const { rows } = await q.query<Returned>(
    statementText(
      s,
      `SELECT false AS existed, resource_type, id, NULL::bigint AS version_id, NULL::boolean AS deleted,
         NULL::timestamptz AS last_updated, NULL::text AS content FROM h
       UNION ALL SELECT true, * FROM cur`,
    ),
    s.params,
  );
  for (const row of rows) {
    const key = keyOf(row.resource_type, row.id);
    if (row.existed) outcome.current.set(key, currentRow(row));
    else outcome.written.add(key);
  }
  return outcome;
}
