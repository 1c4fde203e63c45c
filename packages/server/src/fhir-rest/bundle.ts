// Batch and transaction (http.html#transaction). A batch runs each entry on its own and reports each
// outcome; a transaction runs every entry inside one repository transaction and commits all or nothing.
// Every entry goes through the same router as an HTTP request, so the same checks apply.
import { badRequest, OperationOutcomeError, outcomeKind } from '@hearth/fhir';
import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes';
import {
  entryRequest,
  planEntry,
  processingOrder,
  responseEntry,
  type PlannedEntry,
} from './bundle-entry.ts';
import { findReferenceTo, isUrnUuid } from './bundle-references.ts';
import { assignTransactionIds, resolveConditionalReferences } from './bundle-resolve.ts';
import { statusForKind } from '../http/errors.ts';
import { handleFhirRequest } from './router.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';

export async function processBundle(fc: FhirContext, req: FhirRequest): Promise<FhirResponse> {
  const bundle = req.body as Partial<Bundle> | undefined;
  if (bundle?.resourceType !== 'Bundle')
    throw badRequest('POST to the FHIR base takes a Bundle.', 'resourceType');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest(
      `Bundle.type must be batch or transaction, not ${JSON.stringify(bundle.type ?? null)}.`,
      'Bundle.type',
    );
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
    throw badRequest('Bundle.entry must be an array.', 'Bundle.entry');
  const entries: unknown[] = bundle.entry ?? [];
  const prefer = req.headers.prefer;
  const responses =
    bundle.type === 'transaction'
      ? await runTransaction(fc, entries, prefer)
      : await runBatch(fc, entries, prefer);
  const result: Bundle = { resourceType: 'Bundle', type: `${bundle.type}-response`, entry: responses };
  return { status: 200, headers: {}, body: result };
}

async function runBatch(
  fc: FhirContext,
  entries: unknown[],
  prefer: string | undefined,
): Promise<BundleEntry[]> {
  const responses: BundleEntry[] = new Array<BundleEntry>(entries.length);
  const planned: PlannedEntry[] = [];
  entries.forEach((entry, index) => {
    try {
      planned.push(planEntry(entry, index, fc.baseUrl));
    } catch (err) {
      if (!(err instanceof OperationOutcomeError)) throw err;
      responses[index] = { response: { status: '400 Bad Request', outcome: err.outcome } };
    }
  });
  // Batch entries are independent (http.html#brules): each succeeds or fails alone.
  const resolved = new Map<string, string>();
  const entryUrns = new Set(planned.map((e) => e.fullUrl).filter(isUrnUuid));
  for (const entry of processingOrder(planned)) {
    const res = refersToOtherEntry(entry, entryUrns) ?? (await handleEntry(fc, entry, { prefer, resolved }));
    responses[entry.index] = responseEntry(res, fc.baseUrl, entry.method);
  }
  return responses;
}

/**
 * http.html#brules: in a batch, a reference to a resource another entry creates is non-conformant (only
 * a transaction resolves them), so the entry fails with 400 rather than storing a dangling urn:uuid.
 */
function refersToOtherEntry(entry: PlannedEntry, entryUrns: ReadonlySet<string>): FhirResponse | undefined {
  const others = new Set([...entryUrns].filter((urn) => urn !== entry.fullUrl));
  const reference = findReferenceTo(entry.resource, others);
  if (reference === undefined) return undefined;
  const error = badRequest(
    `Bundle.entry[${entry.index}] refers to ${reference}, another entry of this batch; only a transaction resolves references between entries.`,
    `Bundle.entry[${entry.index}].resource`,
  );
  return { status: 400, headers: {}, body: error.outcome };
}

async function runTransaction(
  fc: FhirContext,
  entries: unknown[],
  prefer: string | undefined,
): Promise<BundleEntry[]> {
  const planned = entries.map((entry, index) => planEntry(entry, index, fc.baseUrl));
  requireUniqueFullUrls(planned);
  return fc.repo.withTransaction(async (tx) => {
    const txc: FhirContext = { ...fc, repo: tx };
    const responses: BundleEntry[] = new Array<BundleEntry>(planned.length);
    const resolved = new Map<string, string>();
    const run = async (entry: PlannedEntry) => {
      const res = await handleEntry(txc, entry, { prefer, resolved });
      // http.html#transaction: any failure fails the whole transaction (the repository rolls back).
      if (res.status >= 400) throw entryFailure(entry, res.body as OperationOutcome);
      responses[entry.index] = responseEntry(res, fc.baseUrl, entry.method);
    };
    // http.html#trules: deletes come first, so the conditions of the creates and updates that follow
    // (If-None-Exist, conditional PUT) are evaluated against what the deletes left.
    const deletes = planned.filter((e) => e.method === 'DELETE');
    for (const entry of deletes) await run(entry);
    const assigned = await assignTransactionIds(
      txc,
      planned.filter((e) => e.method !== 'DELETE'),
    );
    requireDistinctTargets([...deletes, ...assigned]);
    for (const entry of processingOrder(assigned)) await run(entry);
    return responses;
  });
}

/** bdl-7 (bundle.html#invs): a fullUrl appears once, unless the entries are different versions. */
function requireUniqueFullUrls(entries: readonly PlannedEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.fullUrl === undefined) continue;
    const key = `${entry.fullUrl}@${entry.resource?.meta?.versionId ?? ''}`;
    if (seen.has(key)) {
      throw badRequest(
        `Bundle.entry[${entry.index}].fullUrl ${entry.fullUrl} repeats an earlier entry's (bdl-7).`,
        `Bundle.entry[${entry.index}].fullUrl`,
      );
    }
    seen.add(key);
  }
}

/**
 * http.html#trules: "If any resource identities … overlap in steps 1-3 [DELETE, POST, PUT/PATCH], then
 * the transaction SHALL fail." Checked on the literal `Type/id` each write targets once urn:uuids and
 * conditional creates are resolved.
 */
function requireDistinctTargets(entries: readonly PlannedEntry[]): void {
  const targets = new Map<string, number>();
  for (const entry of [...entries].sort((a, b) => a.index - b.index)) {
    if (entry.method === 'GET' || entry.method === 'HEAD' || entry.method === 'POST') continue;
    const target = entry.url.split('?')[0]!;
    if (entry.url.includes('?') || !target.includes('/')) continue;
    const earlier = targets.get(target);
    if (earlier !== undefined) {
      throw badRequest(
        `Bundle.entry[${entry.index}] and Bundle.entry[${earlier}] both change ${target}; a transaction changes each resource once.`,
        `Bundle.entry[${entry.index}].request.url`,
      );
    }
    targets.set(target, entry.index);
  }
}

async function handleEntry(
  fc: FhirContext,
  entry: PlannedEntry,
  opts: { prefer: string | undefined; resolved: Map<string, string> },
): Promise<FhirResponse> {
  try {
    const ready = await resolveConditionalReferences(fc, entry, opts.resolved);
    return await handleFhirRequest(fc, entryRequest(ready, opts.prefer));
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    return { status: statusForKind(err.kind), headers: {}, body: err.outcome };
  }
}

/** The failing entry's outcome, each issue prefixed with the entry it came from. */
function entryFailure(entry: PlannedEntry, outcome: OperationOutcome): OperationOutcomeError {
  const at = `Bundle.entry[${entry.index}]`;
  return new OperationOutcomeError(
    outcomeKind(outcome),
    (outcome.issue ?? []).map((issue) => ({
      ...(issue.code ? { code: issue.code } : {}),
      diagnostics: `${at} (${entry.method} ${entry.url}): ${issue.diagnostics ?? 'failed'}${
        issue.expression?.length ? ` (at ${issue.expression.join(', ')})` : ''
      }`,
      expression: at,
    })),
  );
}
