// The put path shared by create, update, patch and bulk puts: lock the current rows, decide each new
// version, then store versions, history and index rows for the whole batch in one statement
// (DESIGN.md §4: search values written in the same transaction as the resource).
import { extractIndexValues, preconditionFailed } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from './engine.ts';
import type { ChangeEvent, WriteResult } from './repository.types.ts';
import { lockCurrent } from './current-rows.ts';
import { storeIfNew } from './write-new.ts';
import { newStatement, statementText } from './statement.ts';
import { addIndexDeletes, addIndexInserts } from './write-index.ts';
import { addVersionRows, type NewVersion } from './write-rows.ts';
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

/** Puts (creates or replaces) resources; batches of any size, the same id may appear more than once. */
export async function putResources(
  q: Queryable,
  inputs: readonly PutInput[],
  wc: WriteContext,
): Promise<PutOutcome> {
  const outcome: PutOutcome = { results: [], events: [] };
  for (const batch of uniqueKeyBatches(inputs)) {
    const planned = new Array<Planned>(batch.length);
    // Creates, and puts that usually create (imports, transaction bundles), are first written as version 1
    // in one statement that also locks and returns the current rows of those that already exist.
    const guesses = batch.flatMap((input, i) =>
      input.ifMatch === undefined && input.locked === undefined
        ? [{ i, plan: planPut(input, undefined, wc) }]
        : [],
    );
    const tried = await storeIfNew(
      q,
      guesses.map((g) => g.plan.version!),
    );
    for (const { i, plan } of guesses)
      if (tried.written.has(keyOf(plan.version!.type, plan.version!.id))) planned[i] = plan;
    // The rest are planned against their current row (returned above, held by the caller, or locked now).
    const unlocked = batch.filter(
      (input, i) =>
        planned[i] === undefined &&
        input.locked === undefined &&
        !tried.current.has(keyOf(input.resource.resourceType, input.resource.id!)),
    );
    const locked = await lockCurrent(
      q,
      unlocked.map((i) => ({ type: i.resource.resourceType, id: i.resource.id! })),
    );
    const updates: NewVersion[] = [];
    batch.forEach((input, i) => {
      if (planned[i]) return;
      const key = keyOf(input.resource.resourceType, input.resource.id!);
      planned[i] = planPut(input, input.locked ?? tried.current.get(key) ?? locked.get(key), wc);
      if (planned[i].version) updates.push(planned[i].version);
    });
    await storeVersions(q, updates);
    for (const p of planned) {
      outcome.results.push(p.result);
      if (p.version) outcome.events.push(changeEvent(p.version));
    }
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

interface Planned {
  result: WriteResult;
  version?: NewVersion;
}

function planPut(input: PutInput, current: CurrentRow | undefined, wc: WriteContext): Planned {
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

/**
 * Writes the versions in one statement: current rows upserted, history rows appended, the replaced
 * index rows deleted and the new ones inserted.
 */
async function storeVersions(q: Queryable, versions: readonly NewVersion[]): Promise<void> {
  if (versions.length === 0) return;
  const s = newStatement();
  addVersionRows(s, versions);
  s.ctes.push(
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
