// Resolving a transaction's identities (http.html#trules): every urn:uuid fullUrl gets the id it will
// have before anything runs (POSTs get a fresh UUID and become update-as-create with that id, so entries
// can point at each other in any order; conditional creates/updates are resolved by searching inside the
// transaction), and every use of those fullUrls is rewritten. Conditional references
// (`Patient?identifier=x|y`) are resolved per entry just before it runs, so they also find resources that
// earlier entries of the same transaction wrote (e.g. the shared Practitioners Synthea bundles refer to).
import { randomUUID } from 'node:crypto';
import { badRequest, multipleMatches } from '@hearth/fhir';
import type { SearchQuery } from '../db/repository.types.ts';
import type { PlannedEntry } from './bundle-entry.ts';
import {
  collectConditionalReferences,
  isUrnUuid,
  replaceExactStrings,
  replaceInUrl,
} from './bundle-references.ts';
import type { FhirContext } from './types.ts';
import { splitUrl } from './url.ts';

export async function assignTransactionIds(
  fc: FhirContext,
  entries: readonly PlannedEntry[],
): Promise<PlannedEntry[]> {
  const idsByFullUrl = new Map<string, string>();
  const assigned: PlannedEntry[] = [];
  for (const entry of entries) assigned.push(await assignIdentity(fc, entry, idsByFullUrl));
  return assigned.map((entry) => ({
    ...entry,
    url: replaceInUrl(entry.url, idsByFullUrl),
    ...(entry.resource ? { resource: replaceExactStrings(entry.resource, idsByFullUrl) } : {}),
    headers: {
      ...entry.headers,
      ...(entry.headers['if-none-exist']
        ? { 'if-none-exist': replaceInUrl(entry.headers['if-none-exist'], idsByFullUrl) }
        : {}),
    },
  }));
}

/** Gives a urn:uuid-named POST or conditional PUT the id it will have, recording fullUrl → Type/id. */
async function assignIdentity(
  fc: FhirContext,
  entry: PlannedEntry,
  idsByFullUrl: Map<string, string>,
): Promise<PlannedEntry> {
  if (!isUrnUuid(entry.fullUrl) || entry.resource === undefined) return entry;
  const { path, query } = splitUrl(entry.url);
  const type = path.split('/')[0] ?? '';
  if (entry.method === 'PUT' && query.length === 0) {
    idsByFullUrl.set(entry.fullUrl, path);
    return entry;
  }
  const condition =
    entry.method === 'POST' ? splitUrl(`?${entry.headers['if-none-exist'] ?? ''}`).query : query;
  if (entry.method !== 'POST' && entry.method !== 'PUT') return entry;
  const existing = condition.length > 0 ? await findMatches(fc, type, condition, entry) : [];
  if (existing.length === 1 && entry.method === 'POST') {
    // http.html#ccreate: a match means no write; the POST stays conditional and returns the match.
    idsByFullUrl.set(entry.fullUrl, `${type}/${existing[0]!}`);
    return entry;
  }
  const id = existing[0] ?? randomUUID();
  idsByFullUrl.set(entry.fullUrl, `${type}/${id}`);
  const { 'if-none-exist': _dropped, ...headers } = entry.headers;
  return { ...entry, method: 'PUT', url: `${type}/${id}`, resource: { ...entry.resource, id }, headers };
}

async function findMatches(
  fc: FhirContext,
  type: string,
  query: SearchQuery,
  entry: PlannedEntry,
): Promise<string[]> {
  // Strict: a condition with a parameter the server cannot evaluate must fail, not match everything.
  const bundle = await fc.repo.search(fc.ctx, type, [...query, ['_count', '2']], {
    baseUrl: fc.baseUrl,
    handling: 'strict',
  });
  const ids = (bundle.entry ?? [])
    .filter((e) => (e.search?.mode ?? 'match') === 'match' && e.resource?.id)
    .map((e) => e.resource!.id!);
  if (ids.length > 1) {
    throw multipleMatches(`Bundle.entry[${entry.index}]: the condition matches more than one ${type}.`);
  }
  return ids;
}

/**
 * http.html#trules: a conditional reference must match exactly one resource, else the entry fails.
 * `resolved` caches answers across the entries of one bundle.
 */
export async function resolveConditionalReferences(
  fc: FhirContext,
  entry: PlannedEntry,
  resolved: Map<string, string>,
): Promise<PlannedEntry> {
  const references = collectConditionalReferences(entry.resource);
  if (references.size === 0) return entry;
  for (const reference of references) {
    if (resolved.has(reference)) continue;
    const { path: type, query } = splitUrl(reference);
    const ids = await findMatches(fc, type, query, entry);
    // http.html#trules leaves the code open: nothing to refer to is the client's bad reference (400);
    // several matches are a failed precondition (412), as for conditional update.
    if (ids.length === 0) {
      throw badRequest(
        `Bundle.entry[${entry.index}]: the conditional reference ${reference} matches nothing.`,
        `Bundle.entry[${entry.index}].resource`,
      );
    }
    resolved.set(reference, `${type}/${ids[0]!}`);
  }
  return { ...entry, resource: replaceExactStrings(entry.resource, resolved) };
}
