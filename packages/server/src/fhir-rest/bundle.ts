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
  for (const entry of processingOrder(planned)) {
    const res = await handleEntry(fc, entry, { prefer, resolved });
    responses[entry.index] = responseEntry(res, fc.baseUrl, entry.method);
  }
  return responses;
}

async function runTransaction(
  fc: FhirContext,
  entries: unknown[],
  prefer: string | undefined,
): Promise<BundleEntry[]> {
  const planned = entries.map((entry, index) => planEntry(entry, index, fc.baseUrl));
  return fc.repo.withTransaction(async (tx) => {
    const txc: FhirContext = { ...fc, repo: tx };
    const assigned = await assignTransactionIds(txc, planned);
    const responses: BundleEntry[] = new Array<BundleEntry>(assigned.length);
    const resolved = new Map<string, string>();
    for (const entry of processingOrder(assigned)) {
      const res = await handleEntry(txc, entry, { prefer, resolved });
      // http.html#transaction: any failure fails the whole transaction (the repository rolls back).
      if (res.status >= 400) throw entryFailure(entry, res.body as OperationOutcome);
      responses[entry.index] = responseEntry(res, fc.baseUrl, entry.method);
    }
    return responses;
  });
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
