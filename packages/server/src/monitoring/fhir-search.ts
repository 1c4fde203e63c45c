// Every match of a search, page by page (_count/_offset), as the given caller.
import type { Resource } from '@medplum/fhirtypes';
import type { AccessContext, Repository, SearchQuery } from '../db/repository.types.ts';

const PAGE = 1000; // result-params.ts MAX_COUNT

export interface SearchTarget {
  repo: Repository;
  /** The FHIR base URL, for the Bundle's links. */
  fhirBase: string;
}

export async function searchAll<T extends Resource>(
  target: SearchTarget,
  ctx: AccessContext,
  type: string,
  query: SearchQuery,
  opts: { includes?: boolean } = {},
): Promise<T[]> {
  const found: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const bundle = await target.repo.search(
      ctx,
      type,
      [...query, ['_count', String(PAGE)], ['_offset', String(offset)]],
      { baseUrl: target.fhirBase },
    );
    const entries = bundle.entry ?? [];
    let matches = 0;
    for (const e of entries) {
      if (e.search?.mode === 'match') matches += 1;
      if (e.resource && e.resource.resourceType !== 'OperationOutcome') {
        if (e.search?.mode === 'match' || opts.includes) found.push(e.resource as T);
      }
    }
    if (matches < PAGE) return found;
  }
}
