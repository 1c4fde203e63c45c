// The kick-off parameters of a Bulk Data $export (Bulk Data Access IG v2, export.html#query-parameters),
// checked before a job exists: a request we cannot honour exactly is a 400 naming the parameter. Pure.
import { badRequest, isResourceType, patientCompartmentParams, resourceTypeNames } from '@hearth/fhir';
import type { SearchQuery } from '../db/repository.types.ts';

/** Which $export endpoint was called (export.html#endpoint---system-level-export and the two below it). */
export type ExportLevel = { kind: 'system' } | { kind: 'patient' } | { kind: 'group'; groupId: string };

export interface ExportParams {
  /** Types to export, in order; `explicit` when the client named them with `_type`. */
  types: readonly string[];
  explicit: boolean;
  /** `_since`: only resources last updated at or after this instant. */
  since: string | undefined;
  /** `_typeFilter`: one FHIR search query per type it narrows. */
  typeFilters: Readonly<Record<string, SearchQuery>>;
}

/** export.html#query-parameters: the server "SHALL support" these three spellings of NDJSON. */
export const OUTPUT_FORMATS: readonly string[] = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

/**
 * Parameters the IG defines that Hearth does not implement: ignored unless the client sent
 * `Prefer: handling=strict`, when they are a 400 (export.html#query-parameters, last paragraph).
 */
const UNSUPPORTED = new Set([
  '_elements',
  'patient',
  'includeAssociatedData',
  'organizeOutputBy',
  'allowPartialManifests',
]);

/** Result parameters shape a page, not a selection: they have no place in a `_typeFilter` query. */
const RESULT_PARAMS = new Set([
  '_count',
  '_offset',
  '_sort',
  '_include',
  '_revinclude',
  '_summary',
  '_elements',
  '_total',
  '_contained',
  '_containedType',
  '_format',
  '_pretty',
]);

/** FHIR `instant` (datatypes.html#instant): seconds and a zone are required. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export interface ParseOptions {
  level: ExportLevel;
  /** `Prefer: handling=strict`: unsupported parameters are refused instead of ignored. */
  strict: boolean;
  /** `Prefer: handling=lenient`: types outside the patient compartment are dropped, not refused. */
  lenient: boolean;
}

export function parseExportParams(query: SearchQuery, opts: ParseOptions): ExportParams {
  let requested: string[] | undefined;
  let since: string | undefined;
  const filters: [string, SearchQuery][] = [];
  for (const [name, value] of query) {
    switch (name) {
      case '_outputFormat':
        if (!OUTPUT_FORMATS.includes(value))
          throw badRequest(`_outputFormat must be one of ${OUTPUT_FORMATS.join(', ')}.`, '_outputFormat');
        break;
      case '_type':
        requested = [...(requested ?? []), ...splitTypes(value)];
        break;
      case '_since':
        if (!INSTANT.test(value) || Number.isNaN(Date.parse(value)))
          throw badRequest('_since must be a FHIR instant, e.g. 2024-01-31T12:00:00Z.', '_since');
        since = new Date(value).toISOString();
        break;
      case '_typeFilter':
        filters.push(parseTypeFilter(value));
        break;
      default:
        if (opts.strict) {
          const what = UNSUPPORTED.has(name) ? 'is not supported' : 'is not a $export parameter';
          throw badRequest(`${name} ${what} (Prefer: handling=strict).`, name);
        }
    }
  }
  const types = exportTypes(requested, opts);
  const typeFilters: Record<string, SearchQuery> = {};
  for (const [type, filter] of filters) {
    if (!types.includes(type))
      throw badRequest(`_typeFilter names ${type}, which this export does not include.`, '_typeFilter');
    // The IG ORs several filters of one type; exporting each would repeat resources matching two.
    if (typeFilters[type])
      throw badRequest(`Only one _typeFilter per resource type is supported (${type}).`, '_typeFilter');
    typeFilters[type] = filter;
  }
  return { types, explicit: requested !== undefined, since, typeFilters };
}

/** True when resources of `type` can be in a patient's compartment (or are the patient). */
export function inPatientCompartment(type: string): boolean {
  return type === 'Patient' || patientCompartmentParams(type).length > 0;
}

function splitTypes(value: string): string[] {
  const types = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const t of types)
    if (!isResourceType(t)) throw badRequest(`_type: unknown resource type "${t}".`, '_type');
  return types;
}

function exportTypes(requested: string[] | undefined, opts: ParseOptions): string[] {
  const patientLevel = opts.level.kind !== 'system';
  if (requested === undefined) {
    const all = resourceTypeNames();
    return [...(patientLevel ? all.filter(inPatientCompartment) : all)];
  }
  const unique = [...new Set(requested)];
  if (!patientLevel) return unique;
  const outside = unique.filter((t) => !inPatientCompartment(t));
  // export.html#query-parameters: types outside the Patient compartment in a patient-level export are
  // an error unless the client asked for lenient handling.
  if (outside.length > 0 && !opts.lenient)
    throw badRequest(
      `_type: ${outside.join(', ')} cannot be in a patient compartment; a ${opts.level.kind}-level export holds only patient data.`,
      '_type',
    );
  return unique.filter(inPatientCompartment);
}

/** `Type?param=value&…` (export.html#_typefilter-experimental-query-parameter). */
function parseTypeFilter(value: string): [string, SearchQuery] {
  const q = value.indexOf('?');
  const type = q < 0 ? value : value.slice(0, q);
  if (!isResourceType(type) || q < 0)
    throw badRequest(
      `_typeFilter must be Type?search-parameters, e.g. Observation?category=laboratory.`,
      '_typeFilter',
    );
  const pairs: [string, string][] = [...new URLSearchParams(value.slice(q + 1))];
  if (pairs.length === 0) throw badRequest(`_typeFilter ${type}? has no search parameters.`, '_typeFilter');
  const result = pairs.find(([name]) => RESULT_PARAMS.has(name.split(':')[0]!));
  if (result) throw badRequest(`_typeFilter may not use ${result[0]}.`, '_typeFilter');
  return [type, pairs];
}
