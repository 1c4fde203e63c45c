// Applies import items through the repository (DESIGN.md §3: imports write only through it, so
// validation, history and events hold). A batch runs in one transaction for throughput; if anything
// in it fails, the batch is rolled back and every item is retried on its own, so one bad resource is
// reported with its OperationOutcome and never takes the rest down.
import { multipleMatches, OperationOutcomeError } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { AccessContext, Repository, SearchQuery, WriteResult } from '../db/repository.types.ts';
import { resolveConditionalReferences, type ReferenceCache } from './conditional-references.ts';
import type { ImportItem, ImportItemResult } from './import-item.ts';

export interface ApplyContext {
  repo: Repository;
  ctx: AccessContext;
  /** FHIR base URL for the searches behind conditional references and If-None-Exist. */
  baseUrl: string;
}

/** `Type?a=b` or `a=b` (If-None-Exist, http.html#ccreate) as search parameters. */
function criteria(query: string): SearchQuery {
  return [...new URLSearchParams(query.replace(/^[^?]*\?/, '')).entries()];
}

/**
 * Result of a write. The repository reports an unchanged update as `created: false` with the current
 * version, whose lastUpdated predates this write; a real update is stamped at or after `startedAt`.
 */
function writeStatus(r: WriteResult, startedAt: number): ImportItemResult {
  if (r.created) return { status: 'created' };
  if (r.matched) return { status: 'unchanged' };
  const stamped = Date.parse(r.resource.meta?.lastUpdated ?? '');
  return { status: stamped < startedAt ? 'unchanged' : 'updated' };
}

/** FHIR R4 http.html#ccreate semantics for an item with a stable id: write it only if nothing matches. */
async function putIfNoneExist(
  a: ApplyContext,
  resource: Resource,
  ifNoneExist: string,
): Promise<WriteResult | undefined> {
  const found = await a.repo.search(
    a.ctx,
    resource.resourceType,
    [...criteria(ifNoneExist), ['_count', '2']],
    {
      baseUrl: a.baseUrl,
    },
  );
  const matches = (found.entry ?? []).filter((e) => e.search?.mode === 'match');
  if (matches.length > 1)
    throw multipleMatches(`If-None-Exist '${ifNoneExist}' matched more than one resource`);
  if (matches.length === 1) return undefined;
  return a.repo.update(a.ctx, resource);
}

async function applyOne(a: ApplyContext, item: ImportItem, cache: ReferenceCache): Promise<ImportItemResult> {
  const startedAt = Date.now();
  if (item.action === 'delete') {
    const [type, rest] = item.url.split(/[/?]/, 2);
    if (item.url.includes('?')) await a.repo.conditionalDelete(a.ctx, type!, criteria(item.url));
    else await a.repo.delete(a.ctx, type!, rest!);
    return { status: 'deleted' };
  }
  const resource = await resolveConditionalReferences(a, item.resource, cache);
  switch (item.action) {
    case 'put': {
      const written = item.ifNoneExist
        ? await putIfNoneExist(a, resource, item.ifNoneExist)
        : await a.repo.update(a.ctx, resource);
      return written ? writeStatus(written, startedAt) : { status: 'unchanged' };
    }
    case 'create':
      return writeStatus(
        await a.repo.create(a.ctx, resource, item.ifNoneExist ? { ifNoneExist: item.ifNoneExist } : {}),
        startedAt,
      );
    case 'conditional-update':
      return writeStatus(await a.repo.conditionalUpdate(a.ctx, resource, criteria(item.query)), startedAt);
  }
}

/** Plain puts (the bulk of any import) go through `putMany`; anything else one by one, in order. */
async function applyAll(a: ApplyContext, items: readonly ImportItem[]): Promise<ImportItemResult[]> {
  const cache: ReferenceCache = new Map();
  const results: ImportItemResult[] = [];
  for (let i = 0; i < items.length;) {
    let j = i;
    while (j < items.length && isPlainPut(items[j]!)) j++;
    if (j > i) {
      const startedAt = Date.now();
      const resources: Resource[] = [];
      for (const it of items.slice(i, j)) {
        resources.push(await resolveConditionalReferences(a, (it as { resource: Resource }).resource, cache));
      }
      for (const r of await a.repo.putMany(a.ctx, resources)) results.push(writeStatus(r, startedAt));
      i = j;
    } else {
      results.push(await applyOne(a, items[i]!, cache));
      i++;
    }
  }
  return results;
}

function isPlainPut(item: ImportItem): boolean {
  return item.action === 'put' && item.ifNoneExist === undefined;
}

export function describeFailure(err: unknown): string {
  if (!(err instanceof OperationOutcomeError)) return err instanceof Error ? err.message : String(err);
  return (err.outcome.issue ?? [])
    .map((i) =>
      i.expression?.length
        ? `${i.diagnostics ?? i.code} (at ${i.expression.join(', ')})`
        : (i.diagnostics ?? i.code),
    )
    .join('; ');
}

export async function applyImportItems(
  a: ApplyContext,
  items: readonly ImportItem[],
): Promise<ImportItemResult[]> {
  try {
    return await a.repo.withTransaction((repo) => applyAll({ ...a, repo }, items));
  } catch {
    const results: ImportItemResult[] = [];
    for (const item of items) {
      try {
        results.push(await applyOne(a, item, new Map()));
      } catch (err) {
        results.push({ status: 'failed', error: describeFailure(err) });
      }
    }
    return results;
  }
}
