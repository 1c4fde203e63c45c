// One error vocabulary (STYLE.md §4): domain code throws OperationOutcomeError; the HTTP edge maps the
// outcome's kind to a status with one table (server/src/http/errors.ts). Nothing here knows HTTP.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** What went wrong, in words the edge can map to a status. */
export type OutcomeKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'conflict'
  | 'gone'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'too-many-requests'
  | 'server-error'
  | 'not-implemented';

export const OUTCOME_KIND_SYSTEM = 'https://hearth.health/fhir/CodeSystem/outcome-kind';

type IssueCode = OperationOutcomeIssue['code'];

export interface IssueInput {
  code?: IssueCode;
  diagnostics: string;
  /** FHIRPath of the offending element, e.g. `Patient.birthDate`. */
  expression?: string;
  severity?: OperationOutcomeIssue['severity'];
}

export function operationOutcome(kind: OutcomeKind, issues: IssueInput[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: i.severity ?? 'error',
      code: i.code ?? 'processing',
      details: { coding: [{ system: OUTCOME_KIND_SYSTEM, code: kind }], text: i.diagnostics },
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

export function outcomeKind(outcome: OperationOutcome): OutcomeKind {
  const code = outcome.issue?.[0]?.details?.coding?.find((c) => c.system === OUTCOME_KIND_SYSTEM)?.code;
  return (code as OutcomeKind | undefined) ?? 'server-error';
}

export class OperationOutcomeError extends Error {
  readonly outcome: OperationOutcome;
  readonly kind: OutcomeKind;
  constructor(kind: OutcomeKind, issues: IssueInput[]) {
    super(issues.map((i) => i.diagnostics).join('; '));
    this.name = 'OperationOutcomeError';
    this.kind = kind;
    this.outcome = operationOutcome(kind, issues);
  }
}

function fail(kind: OutcomeKind, code: IssueCode) {
  return (diagnostics: string, expression?: string): OperationOutcomeError =>
    new OperationOutcomeError(kind, [{ code, diagnostics, ...(expression ? { expression } : {}) }]);
}

export const badRequest = fail('bad-request', 'invalid');
export const unauthorized = fail('unauthorized', 'login');
export const forbidden = fail('forbidden', 'forbidden');
export const notFound = fail('not-found', 'not-found');
export const methodNotAllowed = fail('method-not-allowed', 'not-supported');
export const notAcceptable = fail('not-acceptable', 'not-supported');
export const conflict = fail('conflict', 'conflict');
export const gone = fail('gone', 'deleted');
export const preconditionFailed = fail('precondition-failed', 'conflict');
export const multipleMatches = fail('precondition-failed', 'multiple-matches');
export const payloadTooLarge = fail('payload-too-large', 'too-long');
export const unsupportedMediaType = fail('unsupported-media-type', 'not-supported');
export const unprocessable = fail('unprocessable', 'processing');
export const notSupported = fail('not-implemented', 'not-supported');

/** Validation failures: many issues at once, each naming its element. */
export function invalid(issues: IssueInput[]): OperationOutcomeError {
  return new OperationOutcomeError(
    'bad-request',
    issues.map((i) => ({ code: 'invalid', ...i })),
  );
}

export function allOk(diagnostics = 'All OK'): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'information', code: 'informational', diagnostics }],
  };
}
