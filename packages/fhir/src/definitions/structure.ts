// Lookup of the R4 base types (FHIR R4 §2.14 StructureDefinition), built once on first use.
import { loadBaseTypeDefinitions } from './structure-load.ts';
import type { TypeDef } from './structure.types.ts';

export type * from './structure.types.ts';

interface StructureIndex {
  types: Map<string, TypeDef>;
  resourceTypes: readonly string[];
  resourceTypeSet: ReadonlySet<string>;
  summaries: Map<string, readonly string[]>;
}

let index: StructureIndex | undefined;

function structures(): StructureIndex {
  if (!index) {
    const types = loadBaseTypeDefinitions();
    const resourceTypes = [...types.values()]
      .filter((t) => t.kind === 'resource' && !t.abstract)
      .map((t) => t.name)
      .sort();
    index = { types, resourceTypes, resourceTypeSet: new Set(resourceTypes), summaries: new Map() };
  }
  return index;
}

/** True for the 146 concrete R4 resource types (not Resource or DomainResource). */
export function isResourceType(name: string): boolean {
  return structures().resourceTypeSet.has(name);
}

export function resourceTypeNames(): readonly string[] {
  return structures().resourceTypes;
}

export function getTypeDefinition(name: string): TypeDef | undefined {
  return structures().types.get(name);
}

/**
 * Top-level element names marked isSummary, as `_summary=true` returns them (FHIR R4 §3.1.1.5.8).
 * Choice elements keep their definition name with the `[x]` suffix ('deceased[x]'), so a caller
 * matching JSON keys compares against the name before the type suffix.
 */
export function summaryElementNames(type: string): readonly string[] {
  const cached = structures().summaries.get(type);
  if (cached) return cached;
  const def = getTypeDefinition(type);
  const names = def
    ? [...def.elements.entries()].filter(([key, e]) => !key.includes('.') && e.isSummary).map(([key]) => key)
    : [];
  structures().summaries.set(type, names);
  return names;
}
