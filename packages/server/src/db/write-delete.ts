// delete (FHIR R4 http.html#delete) as a soft delete: a new version marked deleted, a DELETE history
// entry without content, and the index rows removed so searches no longer find the resource — one
// statement for any number of resources.
import type { Queryable } from './engine.ts';
import { lockCurrent } from './current-rows.ts';
import type { ChangeEvent } from './repository.types.ts';
import { newStatement, param, statementText } from './statement.ts';
import { addIndexDeletes, DELETED_COMPARTMENTS } from './write-index.ts';
import { keyOf, type ResourceKey } from './versions.ts';

/**
 * Deletes the live ones among `keys`. The resources row keeps the last content (vread of older versions
 * and history still work). Missing or already deleted resources are left alone: deleting them again has
 * no effect and makes no version (http.html#delete).
 */
export async function deleteResources(
  q: Queryable,
  keys: readonly ResourceKey[],
  now: string,
): Promise<ChangeEvent[]> {
  const live = [...(await lockCurrent(q, keys)).values()].filter((row) => !row.deleted);
  if (live.length === 0) return [];
  const s = newStatement();
  const types = param(
    s,
    live.map((r) => r.type),
    'text[]',
  );
  const ids = param(
    s,
    live.map((r) => r.id),
    'text[]',
  );
  const versions = param(
    s,
    live.map((r) => r.versionId + 1),
    'bigint[]',
  );
  s.ctes.push(
    `v AS (SELECT * FROM unnest(${types}, ${ids}, ${versions}) AS v(t, i, version_id))`,
    `u AS (UPDATE resources r SET deleted = true, version_id = v.version_id, last_updated = ${param(s, now, 'timestamptz')}
       FROM v WHERE r.resource_type = v.t AND r.id = v.i
       RETURNING r.resource_type, r.id, r.version_id, r.last_updated, r.patient_id)`,
    `h AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, patient_id, method, content)
       SELECT resource_type, id, version_id, last_updated, true, patient_id, 'DELETE', NULL FROM u)`,
  );
  addIndexDeletes(s, live);
  const r = await q.query<{ resource_type: string; resource_id: string; patient_id: string }>(
    statementText(s, `SELECT resource_type, resource_id, patient_id FROM ${DELETED_COMPARTMENTS}`),
    s.params,
  );
  const patients = new Map<string, string[]>();
  for (const row of r.rows) {
    const key = keyOf(row.resource_type, row.resource_id);
    patients.set(key, [...(patients.get(key) ?? []), row.patient_id]);
  }
  return live.map((row) => ({
    action: 'delete',
    resourceType: row.type,
    id: row.id,
    versionId: String(row.versionId + 1),
    lastUpdated: now,
    patientIds: patients.get(keyOf(row.type, row.id)) ?? [],
  }));
}
