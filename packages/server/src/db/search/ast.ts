// The typed form of a FHIR search query (FHIR R4 search.html), produced by parse.ts and turned into
// SQL by sql.ts. Pure data: no SQL, no I/O.

export type ParamType =
  'string' | 'token' | 'reference' | 'date' | 'number' | 'quantity' | 'uri' | 'composite' | 'special';

/** What search needs to know about one search parameter of one resource type. */
export interface ParamDef {
  code: string;
  type: ParamType;
  /** Reference targets (resource type names); empty for other types. */
  targets: readonly string[];
  /** Component types of a composite parameter, in order (stored as `<code>$<n>` rows). */
  components: readonly ParamType[];
}

/** Finds a parameter of a resource type; undefined when the type has no such parameter. */
export type ParamLookup = (resourceType: string, code: string) => ParamDef | undefined;

/** Comparison prefixes, FHIR R4 search.html#prefix. */
export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** A date search value: its implicit range, inclusive [low, high] ISO instants (search.html#date). */
export interface RangeTest {
  prefix: Prefix;
  low: string;
  high: string;
}

/** A number search value and its implicit precision range [low, high) (search.html#number). */
export interface NumberTest {
  prefix: Prefix;
  value: string;
  low: string;
  high: string;
}

/** One value of a parameter (comma-separated values are OR'ed tests). */
export type ValueTest =
  | { kind: 'string'; mode: 'prefix' | 'contains' | 'exact'; value: string }
  /** system undefined = any system; null = no system (`|code`); code undefined = `system|`. */
  | { kind: 'token'; system: string | null | undefined; code: string | undefined }
  | { kind: 'token-text'; text: string }
  | { kind: 'reference'; targetType: string | undefined; id: string | undefined; url: string | undefined }
  | ({ kind: 'date' } & RangeTest)
  | ({ kind: 'number' } & NumberTest)
  /** `canonical`: value/low/high are in UCUM base units of that code (1 g matches 1000 mg). */
  | ({
      kind: 'quantity';
      system: string | undefined;
      code: string | undefined;
      canonical: string | undefined;
    } & NumberTest)
  | { kind: 'uri'; mode: 'exact' | 'below' | 'above'; value: string }
  | { kind: 'composite'; parts: readonly ValueTest[] };

export type Filter =
  /** Any test matches (OR); `negate` for :not (matches resources with no matching value, incl. none). */
  | { kind: 'param'; param: ParamDef; tests: readonly ValueTest[]; negate: boolean }
  | { kind: 'missing'; param: ParamDef; missing: boolean }
  | { kind: 'id'; ids: readonly string[]; negate: boolean }
  | { kind: 'lastUpdated'; tests: readonly RangeTest[] }
  /** Chained search: the reference's target (one of `hops`) matches the hop's filter. */
  | { kind: 'chain'; param: ParamDef; hops: readonly { type: string; filter: Filter }[] }
  /** Reverse chain (_has): some `sourceType` resource refers here through `refParam` and matches. */
  | { kind: 'has'; sourceType: string; refParam: string; filter: Filter }
  /** _list: members of one of these List resources. */
  | { kind: 'list'; listIds: readonly string[] }
  /** _text (narrative) / _content (whole resource): case-insensitive contains, any term (OR). */
  | { kind: 'text'; scope: 'narrative' | 'content'; terms: readonly string[] };

export interface SortKey {
  /** `_id`, `_lastUpdated` or a parameter code. */
  code: string;
  param: ParamDef | undefined;
  descending: boolean;
}

export interface IncludeSpec {
  /** `*` for every reference parameter of sourceType (or of every type for `_include=*`). */
  sourceType: string;
  param: string;
  targetType: string | undefined;
  iterate: boolean;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';
export type SummaryMode = 'true' | 'false' | 'text' | 'data' | 'count';

export interface SearchIssue {
  /** The query parameter name as received. */
  param: string;
  message: string;
}

export interface ParsedSearch {
  /** Types searched; undefined = every type (system search without _type). */
  types: readonly string[] | undefined;
  filters: readonly Filter[];
  sort: readonly SortKey[];
  count: number;
  offset: number;
  total: TotalMode | undefined;
  summary: SummaryMode | undefined;
  elements: readonly string[] | undefined;
  includes: readonly IncludeSpec[];
  revincludes: readonly IncludeSpec[];
  /** Parameters ignored under lenient handling. */
  issues: readonly SearchIssue[];
  /** The accepted query (minus paging), for self/next/previous links. */
  accepted: readonly (readonly [string, string])[];
}

/** What the parser needs from outside: the parameter registry, and the values a pure parser may not read. */
export interface ParseContext {
  lookup: ParamLookup;
  isResourceType: (name: string) => boolean;
  /** The FHIR base URL: absolute references under it are local. */
  baseUrl: string;
  /** "Now", for the `ap` prefix on dates (10% of the gap to now). */
  now: Date;
}

/** A problem with one query parameter (unknown, unsupported or malformed); becomes a SearchIssue. */
export class SearchParamError extends Error {}
