// The write interactions of FHIR R4 http.html, on a transaction: create (#create), conditional create
// (#ccreate), update and update-as-create (#update), conditional update (#cond-update), patch (#patch),
// delete (#delete) and conditional delete (#cdelete). Each returns what it wrote and the change events
// to publish once the transaction commits.
import { randomUUID } from 'node:crypto';
import { assertValidResource, badRequest, gone, multipleMatches, notFound } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from './engine.ts';
import type { ChangeEvent, SearchQuery, WriteResult } from './repository.types.ts';
import { findMatchingIds } from './search/search.ts';
import { applyResourcePatch } from './patch.ts';
import { lockCurrent } from './current-rows.ts';
import { keyOf } from './versions.ts';
import { putResources, type PutInput, type WriteContext } from './write.ts';
import { deleteResources } from './write-delete.ts';

export interface Written<T extends Resource = Resource> {
  result: WriteResult<T>;
  events: ChangeEvent[];
}

/** datatypes.html#id: the only ids a client may assign. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The checks every resource passes before it is written: full validation, and an id for updates. */
export function assertWritable(resource: unknown, needsId: boolean): asserts resource is Resource {
  assertValidResource(resource);
  if (!needsId) return;
  const { resourceType, id } = resource;
  if (id === undefined) throw badRequest('An update must carry the resource id', `${resourceType}.id`);
  if (!FHIR_ID.test(id)) throw badRequest(`'${id}' is not a valid FHIR id`, `${resourceType}.id`);
}

async function putOne<T extends Resource>(
  q: Queryable,
  input: PutInput,
  wc: WriteContext,
): Promise<Written<T>> {
  const { results, events } = await putResources(q, [input], wc);
  return { result: results[0] as WriteResult<T>, events };
}

/**
 * Serialises conditional writes with the same criteria for the rest of the transaction, so two concurrent
 * conditional creates cannot both find no match and both create (http.html#ccreate).
 */
async function lockCriteria(q: Queryable, type: string, query: SearchQuery): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
    `${type}?${new URLSearchParams(query.map(([k, v]): [string, string] => [k, v])).toString()}`,
  ]);
}

/** If-None-Exist carries the search part of a URL without the `?` (http.html#ccreate). */
export function parseCriteria(ifNoneExist: string): SearchQuery {
  return [...new URLSearchParams(ifNoneExist.replace(/^[^?]*\?/, '')).entries()];
}

/** create: the server assigns the id (a client id is ignored, http.html#create). */
export async function createResource<T extends Resource>(
  q: Queryable,
  resource: T,
  wc: WriteContext,
  ifNoneExist?: string,
): Promise<Written<T>> {
  if (ifNoneExist !== undefined) {
    const criteria = parseCriteria(ifNoneExist);
    await lockCriteria(q, resource.resourceType, criteria);
    const ids = await findMatchingIds(q, resource.resourceType, criteria, 2);
    if (ids.length > 1) throw multipleMatches(`If-None-Exist matched ${ids.length} or more resources`);
    const [match] = await lockCurrent(
      q,
      ids.map((id: string) => ({ type: resource.resourceType, id })),
    );
    if (match) {
      return {
        result: { resource: JSON.parse(match[1].content) as T, created: false, matched: true },
        events: [],
      };
    }
  }
  return putOne(q, createInput(resource), wc);
}

/** A create as a put: the resource under a new server-assigned id (http.html#create). */
export function createInput(resource: Resource): PutInput {
  return { resource: { ...resource, id: randomUUID() }, method: 'POST' };
}

/** update (http.html#update): replaces the current version, or creates the resource with the client's id. */
export function updateResource<T extends Resource>(
  q: Queryable,
  resource: T,
  wc: WriteContext,
  ifMatch?: string,
): Promise<Written<T>> {
  return putOne(q, { resource, method: 'PUT', ifMatch }, wc);
}

/** Conditional update (http.html#cond-update): 0 matches → create, 1 → update it, more → 412. */
export async function conditionalUpdateResource<T extends Resource>(
  q: Queryable,
  resource: T,
  query: SearchQuery,
  wc: WriteContext,
): Promise<Written<T>> {
  await lockCriteria(q, resource.resourceType, query);
  const ids = await findMatchingIds(q, resource.resourceType, query, 2);
  if (ids.length > 1) throw multipleMatches(`The criteria matched ${ids.length} or more resources`);
  const [match] = ids;
  if (match !== undefined && resource.id !== undefined && resource.id !== match) {
    throw badRequest(`The criteria matched ${resource.resourceType}/${match}, not the id in the body`);
  }
  // No match: a body id makes it an update-as-create with that id; none, a create with a new id.
  const id = match ?? resource.id ?? randomUUID();
  return putOne(q, { resource: { ...resource, id }, method: 'PUT' }, wc);
}

/** patch: applied to the current version under lock, then validated and written like an update. */
export async function patchResource(
  q: Queryable,
  target: { type: string; id: string; ops: unknown; ifMatch?: string },
  wc: WriteContext,
): Promise<Written> {
  const current = (await lockCurrent(q, [target])).get(keyOf(target.type, target.id));
  if (!current) throw notFound(`${target.type}/${target.id} is not known`);
  if (current.deleted) throw gone(`${target.type}/${target.id} was deleted`);
  const patched = applyResourcePatch(JSON.parse(current.content) as Resource, target.ops);
  assertWritable(patched, true);
  return putOne(q, { resource: patched, method: 'PATCH', ifMatch: target.ifMatch, locked: current }, wc);
}

/** Matches fetched per round of a conditional delete. */
const DELETE_ROUND = 1000;

/**
 * Conditional delete (http.html#cdelete): Hearth deletes every match (the spec allows deleting all or a
 * 412 for several), in rounds so no match is left out whatever their number.
 */
export async function conditionalDeleteResources(
  q: Queryable,
  type: string,
  query: SearchQuery,
  now: string,
): Promise<ChangeEvent[]> {
  const deleted: ChangeEvent[] = [];
  for (;;) {
    const ids = await findMatchingIds(q, type, query, DELETE_ROUND);
    const events = await deleteResources(
      q,
      ids.map((id: string) => ({ type, id })),
      now,
    );
    deleted.push(...events);
    if (ids.length < DELETE_ROUND || events.length === 0) return deleted;
  }
}
