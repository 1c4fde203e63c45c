// The put path shared by create, update, patch and bulk puts: lock the current rows, decide each new
// version, then store versions, history and index rows for the whole batch in one statement
// (DESIGN.md §4: search values written in the same transaction as the resource).
import { extractIndexValues, preconditionFailed } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from './engine.ts';
import type { ChangeEvent, WriteResult } from './repository.types.ts';
import { lockCurrent } from './current-rows.ts';
import { newStatement, param, statementText } from './statement.ts';
import { addIndexDeletes, addIndexInserts, primaryPatient, type IndexedResource } from './write-index.ts';
import { keyOf, stamp, type CurrentRow, type VersionMethod } from './versions.ts';

/** Rows per batch statement: large enough to amortise round trips, small enough to keep memory flat. */
const BATCH_SIZE = 500;

export interface PutInput {
  /** Already validated, with its final id. */
  resource: Resource;
  method: Exclude<VersionMethod, 'DELETE'>;
  ifMatch?: string;
  /** The current row when the caller has already locked it (a patch), so it is not read twice. */
  locked?: CurrentRow;
}

/** When a write happens, and the server base under which absolute references count as local. */
export interface WriteContext {
  /** ISO instant stamped as meta.lastUpdated. */
  now: string;
  baseUrl?: string;
}

export interface PutOutcome {
  results: WriteResult[];
  events: ChangeEvent[];
}

interface NewVersion extends IndexedResource {
  versionId: number;
  lastUpdated: string;
  method: VersionMethod;
  content: string;
  /** The current version is live, so its index rows must go. */
  replacesIndexed: boolean;
  created: boolean;
}

/** Puts (creates or replaces) resources; batches of any size, the same id may appear more than once. */
export async function putResources(
  q: Queryable,
  inputs: readonly PutInput[],
  wc: WriteContext,
): Promise<PutOutcome> {
  const outcome: PutOutcome = { results: [], events: [] };
  for (const batch of uniqueKeyBatches(inputs)) {
    // A create (POST) has a fresh server-assigned id: there is no current row to lock.
    const replacing = batch.filter((i) => i.method !== 'POST' && i.locked === undefined);
    const current = await lockCurrent(
      q,
      replacing.map((i) => ({ type: i.resource.resourceType, id: i.resource.id! })),
    );
    const versions: NewVersion[] = [];
    for (const input of batch) {
      const key = keyOf(input.resource.resourceType, input.resource.id!);
      const planned = planPut(input, input.locked ?? current.get(key), wc);
      outcome.results.push(planned.result);
      if (planned.version) versions.push(planned.version);
    }
    await storeVersions(q, versions);
    outcome.events.push(...versions.map(changeEvent));
  }
  return outcome;
}

/** Splits into batches of at most BATCH_SIZE in which each resource appears once, keeping order. */
function uniqueKeyBatches(inputs: readonly PutInput[]): PutInput[][] {
  const batches: PutInput[][] = [];
  let batch: PutInput[] = [];
  let seen = new Set<string>();
  for (const input of inputs) {
    const key = keyOf(input.resource.resourceType, input.resource.id!);
    if (batch.length >= BATCH_SIZE || seen.has(key)) {
      batches.push(batch);
      batch = [];
      seen = new Set();
    }
    batch.push(input);
    seen.add(key);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function planPut(
  input: PutInput,
  current: CurrentRow | undefined,
  wc: WriteContext,
): { result: WriteResult; version?: NewVersion } {
  const { resource, method, ifMatch } = input;
  const id = resource.id!;
  // http.html#concurrency: a write with If-Match succeeds only against that exact current version.
  if (ifMatch !== undefined && String(current?.versionId) !== ifMatch) {
    throw preconditionFailed(
      `If-Match version ${ifMatch} is not the current version of ${resource.resourceType}/${id}` +
        (current ? ` (${current.versionId})` : ' (it does not exist)'),
    );
  }
  if (current && !current.deleted) {
    // Unchanged content makes no new version (so re-importing the same data is idempotent): the
    // current version is returned as is, created: false.
    const unchanged = stamp(resource, id, String(current.versionId), current.lastUpdated);
    if (JSON.stringify(unchanged) === current.content)
      return { result: { resource: unchanged, created: false } };
  }
  const versionId = (current?.versionId ?? 0) + 1;
  const stored = stamp(resource, id, String(versionId), wc.now);
  // A deleted resource brought back by an update is created again (http.html#delete: "brought back to
  // life by a subsequent update"), so it reports 201 like update-as-create.
  const created = !current || current.deleted;
  return {
    result: { resource: stored, created },
    version: {
      type: resource.resourceType,
      id,
      versionId,
      lastUpdated: wc.now,
      method,
      content: JSON.stringify(stored),
      values: extractIndexValues(stored, { baseUrl: wc.baseUrl }),
      replacesIndexed: current !== undefined && !current.deleted,
      created,
    },
  };
}

/** Column types of a version row, in statement order. */
const VERSION_COLUMNS = ['text', 'text', 'bigint', 'timestamptz', 'text', 'text', 'text'] as const;

/**
 * Writes the versions in one statement: current rows upserted, history rows appended, the replaced
 * index rows deleted and the new ones inserted. The version rows go in as one VALUES list with a
 * parameter per value, so the JSON travels as a plain text parameter without the quoting an array
 * literal needs (measured 1.5× faster on PGlite than `unnest` for these rows).
 */
async function storeVersions(q: Queryable, versions: readonly NewVersion[]): Promise<void> {
  if (versions.length === 0) return;
  const s = newStatement();
  const rows = versions.map((v) => {
    const values = [v.type, v.id, v.versionId, v.lastUpdated, primaryPatient(v.values), v.method, v.content];
    return `(${values.map((value, k) => param(s, value, VERSION_COLUMNS[k]!)).join(', ')})`;
  });
  s.ctes.push(
    `v (resource_type, id, version_id, last_updated, patient_id, method, content) AS (VALUES ${rows.join(', ')})`,
    `h AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, patient_id, method, content)
       SELECT resource_type, id, version_id, last_updated, false, patient_id, method, content FROM v)`,
    `r AS (INSERT INTO resources (resource_type, id, version_id, last_updated, deleted, patient_id, content)
       SELECT resource_type, id, version_id, last_updated, false, patient_id, content FROM v
       ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id,
         last_updated = EXCLUDED.last_updated, deleted = false, patient_id = EXCLUDED.patient_id,
         content = EXCLUDED.content)`,
  );
  addIndexDeletes(
    s,
    versions.filter((v) => v.replacesIndexed),
  );
  addIndexInserts(s, versions);
  await q.query(statementText(s), s.params);
}

function changeEvent(v: NewVersion): ChangeEvent {
  return {
    action: v.created ? 'create' : 'update',
    resourceType: v.type,
    id: v.id,
    versionId: String(v.versionId),
    lastUpdated: v.lastUpdated,
    patientIds: [...new Set(v.values.patients)],
  };
}
