// Device payloads → normalised readings (issue #6, DESIGN.md §6). Pure: no I/O; the clock is passed in.
// A payload is one reading or an array of them, each either Hearth JSON (payloads-hearth.ts) or an Open mHealth
// data point, envelope or bare body (payloads-omh.ts). Any bad reading refuses the whole batch, with every
// problem found, so a device never has to guess which part was stored.
import { operationOutcome } from '@hearth/fhir';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { parseHearthReading } from './payloads-hearth.ts';
import { describe, isObject, report, type ReadingContext, type ReadingIssue } from './payloads-issues.ts';
import { isOmhShaped, parseOmhDataPoint } from './payloads-omh.ts';
import type { NormalizedReading } from './types.ts';

export type { ReadingIssue } from './payloads-issues.ts';
export { MAX_CLOCK_SKEW_MS } from './payloads-time.ts';

/** Most readings in one HTTP request or MQTT message. */
export const MAX_READINGS_PER_BATCH = 10_000;
/** Most issues listed for one payload; the rest are counted in a last issue. */
export const MAX_LISTED_ISSUES = 50;

export type ParseReadingsResult =
  { ok: true; readings: NormalizedReading[] } | { ok: false; issues: ReadingIssue[] };

export interface ParseReadingsOptions {
  /** Server time in ms since the epoch; readings later than this plus MAX_CLOCK_SKEW_MS are refused. */
  nowMs?: number;
}

const FORMATS =
  'a Hearth reading {"type", "value", "unit", "time"} or an Open mHealth data point ({"header", "body"} or a body)';

function parseOne(ctx: ReadingContext, raw: unknown): NormalizedReading | undefined {
  if (!isObject(raw)) {
    report(ctx, '', `must be ${FORMATS}; got ${describe(raw)}`);
    return undefined;
  }
  if ('type' in raw) return parseHearthReading(ctx, raw);
  if (isOmhShaped(raw)) return parseOmhDataPoint(ctx, raw);
  report(ctx, '', `is neither ${FORMATS}: it has no "type", "header" or known measure such as "heart_rate"`);
  return undefined;
}

function refuse(message: string): ParseReadingsResult {
  return { ok: false, issues: [{ index: -1, path: '', message }] };
}

/** Parses and normalises a payload (already JSON-decoded). Never throws on any input. */
export function parseReadings(body: unknown, options: ParseReadingsOptions = {}): ParseReadingsResult {
  const nowMs = options.nowMs ?? Date.now();
  const batch = Array.isArray(body);
  if (!batch && !isObject(body))
    return refuse(`The payload must be ${FORMATS}, or an array of them; got ${describe(body)}`);
  const items: unknown[] = batch ? body : [body];
  if (items.length === 0) return refuse('The array is empty; send at least one reading');
  if (items.length > MAX_READINGS_PER_BATCH) {
    return refuse(
      `${items.length} readings in one payload; send at most ${MAX_READINGS_PER_BATCH} at a time`,
    );
  }
  const issues: ReadingIssue[] = [];
  const readings: NormalizedReading[] = [];
  // An index loop, not forEach: forEach skips the holes of a sparse array (built in-process), which would
  // then pass as an empty batch.
  for (let index = 0; index < items.length; index++) {
    const reading = parseOne({ index, prefix: batch ? `[${index}]` : '', nowMs, issues }, items[index]);
    if (reading) readings.push(reading);
  }
  if (issues.length === 0) return { ok: true, readings };
  if (issues.length <= MAX_LISTED_ISSUES) return { ok: false, issues };
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  const more = issues.length - MAX_LISTED_ISSUES;
  listed.push({ index: -1, path: '', message: `and ${more} more problems; fix these and send again` });
  return { ok: false, issues: listed };
}

/** Decodes a raw payload (an MQTT message, a request body) as UTF-8 JSON, then parses it. */
export function parseReadingsPayload(
  payload: string | Uint8Array,
  options: ParseReadingsOptions = {},
): ParseReadingsResult {
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return refuse('The payload is not UTF-8 text; send JSON encoded as UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return refuse(`The payload is not valid JSON (${(err as Error).message}); send ${FORMATS}`);
  }
  return parseReadings(body, options);
}

function diagnostics(issue: ReadingIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** The HTTP 400 answer: one OperationOutcome issue per problem, `expression` = its path in the payload. */
export function readingIssuesOutcome(issues: readonly ReadingIssue[]): OperationOutcome {
  return operationOutcome(
    'bad-request',
    issues.map((issue) => ({
      code: 'invalid' as const,
      diagnostics: diagnostics(issue),
      ...(issue.path ? { expression: issue.path } : {}),
    })),
  );
}

/** The MQTT answer on hearth/devices/{id}/errors: JSON {error, issues}. */
export function readingIssuesMessage(issues: readonly ReadingIssue[]): string {
  return JSON.stringify({
    error: 'The payload was refused and nothing of it was stored; see issues',
    issues,
  });
}
