// search (type, system and patient-compartment; search.html) and history (http.html#history).
// The query reaches the search engine as received; Prefer: handling=strict|lenient says what it does
// with parameters it does not know (search.html#errors).
import type { HistoryOptions, SearchOptions, SearchQuery } from '../db/repository.types.ts';
import { searchsetJson } from '../db/search/stored-entries.ts';
import { requireInstant, requireNonNegativeInteger } from './guards.ts';
import { parsePrefer } from './prefer.ts';
import { ok } from './respond.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';
import { queryValue } from './url.ts';

export async function searchInteraction(
  fc: FhirContext,
  req: FhirRequest,
  scope: { type?: string; compartment?: SearchOptions['compartment'] },
): Promise<FhirResponse> {
  const handling = parsePrefer(req.headers.prefer).handling;
  const bundle = await fc.repo.search(fc.ctx, scope.type, req.query, {
    baseUrl: fc.baseUrl,
    ...(handling ? { handling } : {}),
    ...(scope.compartment ? { compartment: scope.compartment } : {}),
  });
  // Matches go out as their stored text unless something parsed them on the way (stored-entries.ts).
  return { status: 200, headers: {}, rawBody: searchsetJson(bundle) };
}

export async function historyInteraction(
  fc: FhirContext,
  query: SearchQuery,
  scope: { type?: string; id?: string },
): Promise<FhirResponse> {
  const opts: HistoryOptions = { baseUrl: fc.baseUrl };
  const since = requireInstant('_since', queryValue(query, '_since'));
  const at = requireInstant('_at', queryValue(query, '_at'));
  const count = requireNonNegativeInteger('_count', queryValue(query, '_count'));
  const page = queryValue(query, '_page') ?? queryValue(query, 'page');
  if (since !== undefined) opts.since = since;
  if (at !== undefined) opts.at = at;
  if (count !== undefined) opts.count = count;
  if (page !== undefined) opts.page = page;
  return ok(await fc.repo.history(fc.ctx, scope.type, scope.id, opts));
}
