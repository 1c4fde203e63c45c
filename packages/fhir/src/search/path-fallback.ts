// The general FHIRPath engine for the few search expressions the fast path does not compile
// (`Patient.deceased.exists() and Patient.deceased != false`, `Bundle.entry[0].resource`,
// `%resource.referenceSeq.chromosome`). Each expression is compiled once.
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { TypedValue } from './path-compile.ts';

type Compiled = (node: unknown, vars: Record<string, unknown>) => unknown[];

const compiled = new Map<string, Compiled>();

function compile(expression: string): Compiled {
  let fn = compiled.get(expression);
  if (!fn) {
    fn = fhirpath.compile(expression, r4, { resolveInternalTypes: false }) as Compiled;
    compiled.set(expression, fn);
  }
  return fn;
}

/** `FHIR.Quantity` → `Quantity`, `System.Boolean` → `boolean`: the FHIR type names extraction reads. */
function fhirTypeName(fhirpathType: string | undefined): string {
  if (!fhirpathType) return 'unknown';
  const [namespace, name = ''] = fhirpathType.split('.');
  return namespace === 'System' ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

export function evaluateWithFhirpath(expression: string, node: unknown, resource: object): TypedValue[] {
  const results = compile(expression)(node, { resource, rootResource: resource });
  return results.map((result) => ({
    value: fhirpath.resolveInternalTypes(result) as unknown,
    type: fhirTypeName(fhirpath.types([result])[0]),
  }));
}
