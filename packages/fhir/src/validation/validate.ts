// Validation of a resource against the R4 base StructureDefinitions, run on every write (FHIR R4
// §2.6.2 JSON, §2.21 ElementDefinition, §2.24 datatypes, required bindings §4.1, and the core
// invariants). The result names each offending element by FHIRPath, e.g. `Patient.birthDate`.
import type { Resource } from '@medplum/fhirtypes';
import { invalid, type IssueInput } from '../outcomes.ts';
import { checkLocalReferences } from './contained.ts';
import { isJsonObject, newScope, type Walk } from './context.ts';
import { walkResource } from './walk.ts';

/** Every problem with a resource; empty when it is valid. */
export function validateResource(input: unknown): IssueInput[] {
  if (!isJsonObject(input)) {
    return [{ severity: 'error', code: 'structure', diagnostics: 'a resource must be a JSON object' }];
  }
  const walk: Walk = { issues: [], scope: newScope() };
  walkResource(walk, input, '');
  checkLocalReferences(walk);
  return walk.issues;
}

/** Throws a 400 OperationOutcome listing every problem, each with its expression. */
export function assertValidResource(input: unknown): asserts input is Resource {
  const issues = validateResource(input);
  if (issues.length > 0) throw invalid(issues);
}
