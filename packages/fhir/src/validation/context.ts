// State carried while one resource is validated: the issues found so far and what ref-1 and dom-3
// need to know about local references to contained resources (FHIR R4 §2.3.0.4 "Contained
// Resources", §2.3.0 references ref-1).
import type { IssueInput } from '../outcomes.ts';

export interface ResourceScope {
  /** The contained resources read so far, in order. */
  contained: { id: string | undefined; type: unknown; expression: string }[];
  /** Every `#id` reference (or canonical/uri) seen, where it was and which types it may point to. */
  localReferences: LocalReference[];
  /** Indexes of contained resources that refer to their container with `#`. */
  containerReferrers: Set<number>;
  /** The contained resource being walked, if any. */
  currentContained: number | undefined;
}

export interface LocalReference {
  target: string;
  expression: string;
  /** Set for Reference.reference: ref-1 applies, and the contained type must be an allowed target. */
  reference?: ReferenceElement;
}

export interface ReferenceElement {
  /** The Reference element's path, e.g. `Observation.performer[0]`. */
  element: string;
  targets: ReadonlySet<string> | undefined;
}

export interface Walk {
  issues: IssueInput[];
  scope: ResourceScope;
}

export function newScope(): ResourceScope {
  return {
    contained: [],
    localReferences: [],
    containerReferrers: new Set(),
    currentContained: undefined,
  };
}

export function report(walk: Walk, code: IssueInput['code'], expression: string, diagnostics: string): void {
  walk.issues.push({ severity: 'error', code, expression, diagnostics });
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A hand-compiled constraint on one element's JSON object. */
export type Invariant = (walk: Walk, value: Record<string, unknown>, path: string) => void;

/**
 * Whether a choice element (`value[x]`, `abatement[x]`) is present in any of its types. A primitive
 * present only through its `_name` extensions exists too, as FHIRPath's exists() counts it.
 */
export function hasChoice(value: Record<string, unknown>, base: string): boolean {
  const extended = '_' + base;
  for (const key in value) if (key.startsWith(base) || key.startsWith(extended)) return true;
  return false;
}
