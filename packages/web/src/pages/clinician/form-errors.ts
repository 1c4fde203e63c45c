// Server validation errors → the form fields they name. The FHIR client's fieldErrors() keys each
// OperationOutcome issue by its expression (FHIRPath, R4 OperationOutcome.issue.expression); a form
// says which element paths each of its fields edits. Issues naming no field are shown above the form.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { errorText, FhirError, fieldErrors, issueText } from '../../fhir/fhir-error.ts';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  other: string[];
}

/** Whether `expression` is `path` or inside it (`Condition.code.coding[0]` is inside `Condition.code`). */
export function isWithin(expression: string, path: string): boolean {
  if (expression === path) return true;
  if (!expression.startsWith(path)) return false;
  const next = expression.charAt(path.length);
  return next === '.' || next === '[';
}

/** A field finder from the element paths each field edits; the longest matching path wins. */
export function fieldsByPath<F extends string>(paths: Readonly<Record<F, readonly string[]>>) {
  const pairs = (Object.entries(paths) as [F, readonly string[]][])
    .flatMap(([field, list]) => list.map((path) => ({ field, path })))
    .sort((a, b) => b.path.length - a.path.length);
  return (expression: string): F | undefined => pairs.find((p) => isWithin(expression, p.path))?.field;
}

export function assignErrors<F extends string>(
  byExpression: Readonly<Record<string, string>>,
  fieldOf: (expression: string) => F | undefined,
): FormErrors<F> {
  const result: FormErrors<F> = { fields: {}, other: [] };
  for (const [expression, message] of Object.entries(byExpression)) {
    const field = fieldOf(expression);
    if (field !== undefined && result.fields[field] === undefined) result.fields[field] = message;
    else result.other.push(message);
  }
  return result;
}

/**
 * A failed save as form errors: issues naming a field go next to it; the rest (issues without an
 * expression, network failures, refusals) above the form. Never empty for a failure.
 */
export function formErrorsOf<F extends string>(
  err: unknown,
  fieldOf: (expression: string) => F | undefined,
): FormErrors<F> {
  if (!(err instanceof FhirError) || !err.outcome) return { fields: {}, other: [errorText(err)] };
  const placed = assignErrors(fieldErrors(err.outcome), fieldOf);
  const unplaced = err.outcome.issue
    .filter(
      (i) => (i.severity === 'error' || i.severity === 'fatal') && !i.expression?.[0] && !i.location?.[0],
    )
    .map(issueText)
    .filter((text) => text !== '');
  const other = [...placed.other, ...unplaced];
  if (other.length === 0 && Object.keys(placed.fields).length === 0) other.push(errorText(err));
  return { fields: placed.fields, other };
}

/** A transaction (http.html#transaction) creating each resource: all are stored, or none. */
export function createTransaction(resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'POST', url: resource.resourceType },
    })),
  };
}

/** The entry a transaction error names (`Bundle.entry[2]…` → 2). */
export function entryIndex(expression: string): number | undefined {
  const match = /^Bundle\.entry\[(\d+)\]/.exec(expression);
  return match ? Number(match[1]) : undefined;
}

/** Hearth prefixes an entry's message with where it came from; the form already shows where. */
export function withoutEntryPrefix(message: string): string {
  return message.replace(/^Bundle\.entry\[\d+\] \([^)]*\): /, '');
}
