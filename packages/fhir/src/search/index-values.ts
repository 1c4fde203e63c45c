// The values a resource is indexed under, extracted at write time (DESIGN.md §4). One shape per
// search-parameter type; the repository writes each array into its typed index table in the same
// transaction as the resource. `param` is the search parameter's code (e.g. `birthdate`).
// Composite parameters store each component as a row whose `param` is `<code>$<n>` (n = component
// position from 0) with a shared `grp` number per tuple; every other row has grp 0.

export interface TokenValue {
  param: string;
  system: string | null;
  code: string | null;
  /** Display / text, for the :text modifier (lower-cased, accents kept). */
  text: string | null;
  grp: number;
}

export interface StringValue {
  param: string;
  /** Normalised for the default and :contains searches: lower case, accents and punctuation folded. */
  norm: string;
  /** Exact original, for :exact. */
  exact: string;
  grp: number;
}

/** An instant range [low, high] (inclusive, ms precision) covering the value's implicit precision. */
export interface DateValue {
  param: string;
  low: string;
  high: string;
  grp: number;
}

export interface NumberValue {
  param: string;
  value: string;
  /** Implicit precision range (FHIR search §3.1.1.4.3: 100 means [99.5, 100.5)). */
  low: string;
  high: string;
  grp: number;
}

export interface QuantityValue {
  param: string;
  value: string;
  low: string;
  high: string;
  system: string | null;
  code: string | null;
  unit: string | null;
  /** UCUM canonical form (e.g. g for mg), so 1 g matches 1000 mg; null when not convertible. */
  canonicalCode: string | null;
  canonicalLow: string | null;
  canonicalHigh: string | null;
  grp: number;
}

export interface ReferenceValue {
  param: string;
  /** Local target `Type` and `id` when the reference is relative (or absolute to this server). */
  targetType: string | null;
  targetId: string | null;
  /** The reference as written (absolute URLs, canonicals with |version). */
  url: string | null;
  grp: number;
}

export interface UriValue {
  param: string;
  value: string;
  grp: number;
}

export interface IndexValues {
  token: TokenValue[];
  string: StringValue[];
  date: DateValue[];
  number: NumberValue[];
  quantity: QuantityValue[];
  reference: ReferenceValue[];
  uri: UriValue[];
  /** Patient ids whose compartment holds this resource (compartmentdefinition-patient). First = primary. */
  patients: string[];
}
