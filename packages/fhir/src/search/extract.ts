// Write-time extraction of every search value of a resource (DESIGN.md §4): the repository writes
// the result into the idx_* tables in the same transaction as the resource.
import type { Resource } from '@medplum/fhirtypes';
import type { IndexValues } from './index-values.ts';
import type { TypedValue } from './path-compile.ts';
import type { Rows, Target } from './extract-values.ts';
import { extractionPlan } from './extract-plan.ts';
import { patientCompartmentParams } from './compartment.ts';
import { pushTuples } from './extract-composite.ts';

export interface ExtractOptions {
  /** The server's FHIR base URL: absolute references under it are indexed as local. */
  baseUrl?: string;
}

export function extractIndexValues(resource: Resource, options: ExtractOptions = {}): IndexValues {
  const rows: Rows = { token: [], string: [], date: [], number: [], quantity: [], reference: [], uri: [] };
  const plan = extractionPlan(resource.resourceType);
  const root: TypedValue = { value: resource, type: resource.resourceType };
  const target: Target = { rows, param: '', grp: 0, baseUrl: options.baseUrl };
  for (const param of plan.simple) {
    const values = param.accessor(root, resource);
    if (values.length === 0) continue;
    target.param = param.code;
    const firstString = rows.string.length;
    for (const value of values) param.push(target, value);
    if (rows.string.length - firstString > 1) dropRepeatedStrings(rows.string, firstString);
  }
  let grp = 0;
  for (const composite of plan.composite) {
    for (const node of composite.base(root, resource))
      grp = pushTuples(rows, composite, { node, resource, grp });
  }
  return { ...rows, patients: compartmentPatients(resource, rows) };
}

/**
 * The patients whose compartment holds the resource: a Patient is in its own; others through the
 * compartment's reference parameters, in definition order, so the first is the primary key.
 */
function compartmentPatients(resource: Resource, rows: Rows): string[] {
  const patients: string[] = [];
  if (resource.resourceType === 'Patient' && resource.id) patients.push(resource.id);
  for (const param of patientCompartmentParams(resource.resourceType)) {
    for (const ref of rows.reference) {
      if (
        ref.param === param &&
        ref.targetType === 'Patient' &&
        ref.targetId &&
        !patients.includes(ref.targetId)
      ) {
        patients.push(ref.targetId);
      }
    }
  }
  return patients;
}

/**
 * A patient's official and maiden names often repeat the given names: one row per distinct string
 * per parameter is enough for every string search, so drop repeats from `from` on.
 */
function dropRepeatedStrings(strings: Rows['string'], from: number): void {
  const seen = new Set<string>();
  let kept = from;
  for (let i = from; i < strings.length; i++) {
    const row = strings[i]!;
    if (seen.has(row.exact)) continue;
    seen.add(row.exact);
    strings[kept++] = row;
  }
  strings.length = kept;
}
