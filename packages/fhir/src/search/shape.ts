// Result shaping for search and read: _summary and _elements (FHIR R4 search.html#summary and
// #elements). A shaped resource is marked SUBSETTED (search.html#summary: "servers SHOULD mark
// resources ... with the tag SUBSETTED") so nobody mistakes it for the whole resource.
import type { Coding, Resource } from '@medplum/fhirtypes';
import { getTypeDefinition, summaryElementNames } from '../definitions/structure.ts';

export type SummaryMode = 'true' | 'false' | 'text' | 'data' | 'count';

export interface ShapeOptions {
  summary?: SummaryMode;
  /** Element names (`name` or `Patient.name`) to keep, with the mandatory ones. */
  elements?: readonly string[];
}

export const SUBSETTED_TAG: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
};

/** `Patient.name` → `name`; `value` → `value[x]` when that is the element's definition name. */
function elementName(type: string, listed: string): string {
  const name = listed.startsWith(`${type}.`) ? listed.slice(type.length + 1) : listed;
  return getTypeDefinition(type)?.elements.has(`${name}[x]`) ? `${name}[x]` : name;
}

/** Always kept: a resource without them is not a resource. */
const ALWAYS = ['resourceType', 'id', 'meta'];

/** Top-level elements with min ≥ 1: kept by _elements and _summary=text (search.html#elements). */
function mandatoryElementNames(type: string): string[] {
  const def = getTypeDefinition(type);
  if (!def) return [];
  return [...def.elements.entries()]
    .filter(([key, e]) => !key.includes('.') && e.min > 0)
    .map(([key]) => key);
}

/** Does the JSON key belong to one of the element names? `value[x]` covers `valueQuantity`; `_x` follows `x`. */
function keyMatcher(names: readonly string[]): (key: string) => boolean {
  const exact = new Set<string>();
  const choices: string[] = [];
  for (const name of names) {
    if (name.endsWith('[x]')) choices.push(name.slice(0, -3));
    else exact.add(name);
  }
  return (key) => {
    const base = key.startsWith('_') ? key.slice(1) : key;
    if (exact.has(base)) return true;
    return choices.some((c) => base.length > c.length && base.startsWith(c) && /[A-Z]/.test(base[c.length]!));
  };
}

function keep<T extends Resource>(resource: T, names: readonly string[]): T {
  const matches = keyMatcher([...ALWAYS, ...names]);
  return Object.fromEntries(Object.entries(resource).filter(([key]) => matches(key))) as T;
}

function markSubsetted<T extends Resource>(resource: T): T {
  const tags = (resource.meta?.tag ?? []).filter(
    (t) => !(t.system === SUBSETTED_TAG.system && t.code === SUBSETTED_TAG.code),
  );
  return { ...resource, meta: { ...resource.meta, tag: [...tags, SUBSETTED_TAG] } };
}

/**
 * The resource as _summary / _elements ask for it; unchanged for `_summary=false`, `count` (a Bundle
 * concern) or neither. _summary wins over _elements when both are given (the spec leaves the mix
 * undefined; summary is the narrower contract).
 */
export function shapeResource<T extends Resource>(resource: T, opts: ShapeOptions): T {
  const type = resource.resourceType;
  switch (opts.summary) {
    case 'true':
      return markSubsetted(keep(resource, summaryElementNames(type)));
    case 'text':
      return markSubsetted(keep(resource, ['text', ...mandatoryElementNames(type)]));
    case 'data': {
      const { text: _text, ...rest } = resource as T & { text?: unknown };
      return markSubsetted(rest as T);
    }
    case 'false':
    case 'count':
    case undefined:
      break;
  }
  if (opts.elements === undefined) return resource;
  const names = opts.elements.map((e) => elementName(type, e));
  return markSubsetted(keep(resource, [...names, ...mandatoryElementNames(type)]));
}
