// Conditional references (`Organization?identifier=x|y`), which Synthea's transaction bundles use for
// shared practitioners and organisations: resolved by search to `Type/id` before the write, as a
// transaction does (FHIR R4 http.html#trules, "conditional references"). No match or several is an error.
import { badRequest } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { rewriteReferences } from './import-item.ts';

export type ReferenceCache = Map<string, string>;

const CONDITIONAL = /^([A-Z][A-Za-z]+)\?(.+)$/;

interface SearchContext {
  repo: Repository;
  ctx: AccessContext;
  baseUrl: string;
}

function collect(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'reference' && typeof v === 'string' && CONDITIONAL.test(v)) out.add(v);
      else collect(v, out);
    }
  }
}

/** The resource types that the conditional references in a resource search (`Organization?…` → Organization). */
export function conditionalReferenceTypes(resource: Resource): Set<string> {
  const found = new Set<string>();
  collect(resource, found);
  return new Set([...found].map((reference) => reference.slice(0, reference.indexOf('?'))));
}

async function resolveOne(s: SearchContext, reference: string): Promise<string> {
  const [, type, query] = CONDITIONAL.exec(reference)!;
  const bundle = await s.repo.search(
    s.ctx,
    type,
    [...new URLSearchParams(query).entries(), ['_count', '2']],
    {
      baseUrl: s.baseUrl,
    },
  );
  const ids = (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id);
  if (ids.length !== 1) {
    throw badRequest(
      `Conditional reference ${reference} matched ${ids.length === 0 ? 'no' : 'more than one'} resource`,
    );
  }
  return `${type}/${ids[0]!}`;
}

export async function resolveConditionalReferences<T extends Resource>(
  s: SearchContext,
  resource: T,
  cache: ReferenceCache,
): Promise<T> {
  const found = new Set<string>();
  collect(resource, found);
  if (found.size === 0) return resource;
  for (const reference of found)
    if (!cache.has(reference)) cache.set(reference, await resolveOne(s, reference));
  return rewriteReferences(resource, cache);
}
