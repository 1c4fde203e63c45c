// What a failed FHIR call throws, and how its OperationOutcome reaches the user: the whole text for an
// alert, and per field (by FHIRPath `expression`) for messages next to form inputs.
import type { OperationOutcome, OperationOutcomeIssue } from './types.ts';

export class FhirError extends Error {
  readonly status: number;
  readonly outcome: OperationOutcome | undefined;
  constructor(status: number, message: string, outcome?: OperationOutcome) {
    super(message);
    this.name = 'FhirError';
    this.status = status;
    this.outcome = outcome;
  }
}

/** The words of one issue: diagnostics, else details.text, else its code. */
export function issueText(issue: OperationOutcomeIssue): string {
  return issue.diagnostics ?? issue.details?.text ?? issue.code ?? '';
}

/** Every error and fatal issue's text (warnings and information are not failures), one per line. */
export function outcomeText(outcome: OperationOutcome | undefined): string {
  const issues = (outcome?.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  return issues
    .map(issueText)
    .filter((t) => t !== '')
    .join('\n');
}

/**
 * Messages per field: each issue's first `expression` (FHIR R4 operationoutcome-definitions.html
 * #OperationOutcome.issue.expression, a simple FHIRPath such as `Observation.valueQuantity.value`) →
 * its text. Several issues on one field are joined; issues without an expression are left to the
 * form's general alert (`outcomeText`).
 */
export function fieldErrors(outcome: OperationOutcome | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of outcome?.issue ?? []) {
    if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
    const field = issue.expression?.[0] ?? issue.location?.[0];
    const text = issueText(issue);
    if (!field || !text) continue;
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}

/** A caught error as text for the user: the OperationOutcome's words when there is one. */
export function errorText(err: unknown): string {
  if (err instanceof FhirError) return outcomeText(err.outcome) || err.message;
  return err instanceof Error ? err.message : String(err);
}
