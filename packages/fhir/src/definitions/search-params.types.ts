// The compact view of an R4 SearchParameter (FHIR R4 §2.39 SearchParameter, search.html).

export type SearchParamType =
  'string' | 'token' | 'reference' | 'date' | 'number' | 'quantity' | 'uri' | 'composite' | 'special';

export interface SearchParamComponent {
  /** The component parameter's code, e.g. `code` and `value-quantity` for `code-value-quantity`. */
  code: string;
  /** Canonical URL of the component's own SearchParameter. */
  definition: string;
  /** The component parameter's type (from its definition). */
  type: SearchParamType;
  /** FHIRPath relative to each node the composite's expression selects. */
  expression: string;
}

export interface SearchParamDef {
  code: string;
  url: string;
  type: SearchParamType;
  base: readonly string[];
  /** FHIRPath for this resource type only (the `|`-parts of a shared expression rooted here). */
  expression?: string;
  target?: readonly string[];
  components?: readonly SearchParamComponent[];
  /** Modifiers the parameter's type allows (search.html#modifiers). */
  modifiers?: readonly string[];
  multipleOr?: boolean;
  chain?: readonly string[];
}
