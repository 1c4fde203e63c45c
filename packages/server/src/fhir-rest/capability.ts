// GET /fhir/metadata (http.html#capabilities): a CapabilityStatement generated from the same registries
// the server runs on — every concrete R4 type with every search parameter the search engine serves — so
// it tells the truth about what this server does. Built once per base URL and cached.
import { getSearchParams, resourceTypeNames, type SearchParamDef } from '@hearth/fhir';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { AUDIT_EVENT_SEARCH_PARAMS } from '../audit/audit-search.ts';

const TYPE_INTERACTIONS = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
] as const;

const VALIDATE = {
  name: 'validate',
  definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate',
};
const EVERYTHING = {
  name: 'everything',
  definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
};

/** Bulk Data Access IG v2 (bulk-export/): the system-, Patient- and Group-level $export operations. */
const BULK_DATA = 'http://hl7.org/fhir/uv/bulkdata';
const EXPORT = { name: 'export', definition: `${BULK_DATA}/OperationDefinition/export` };
const PATIENT_EXPORT = { name: 'export', definition: `${BULK_DATA}/OperationDefinition/patient-export` };
const GROUP_EXPORT = { name: 'export', definition: `${BULK_DATA}/OperationDefinition/group-export` };

const cache = new Map<string, CapabilityStatement>();

export interface CapabilityOptions {
  /** Browser apps may call the API: CORS origins are configured (HEARTH_CORS_ORIGINS, http/cors.ts). */
  cors: boolean;
}

export function capabilityStatement(baseUrl: string, opts: CapabilityOptions): CapabilityStatement {
  const key = `${opts.cors} ${baseUrl}`;
  let statement = cache.get(key);
  if (!statement) {
    statement = buildCapabilityStatement(baseUrl, new Date().toISOString(), opts);
    cache.set(key, statement);
  }
  return statement;
}

export function buildCapabilityStatement(
  baseUrl: string,
  date: string,
  opts: CapabilityOptions = { cors: false },
): CapabilityStatement {
  const revIncludes = reverseIncludes();
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Hearth',
    kind: 'instance',
    software: { name: 'Hearth', version: '0.1.0' },
    implementation: { description: 'Hearth FHIR R4 server', url: baseUrl },
    fhirVersion: '4.0.1',
    instantiates: [`${BULK_DATA}/CapabilityStatement/bulk-data`],
    // We serve JSON only; application/fhir+xml is answered with 406 Not Acceptable.
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          // CapabilityStatement.rest.security.cors: "Server adds CORS headers when responding to requests";
          // it does for the FHIR API only when HEARTH_CORS_ORIGINS names origins.
          cors: opts.cors,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description: 'Every request except metadata needs an OAuth 2.0 Bearer token.',
        },
        resource: resourceTypeNames().map((type) => resourceCapability(type, revIncludes.get(type) ?? [])),
        interaction: [
          { code: 'transaction' },
          { code: 'batch' },
          { code: 'search-system' },
          { code: 'history-system' },
        ],
        searchParam: systemSearchParams(),
        operation: [EXPORT],
      },
    ],
  };
}

function resourceCapability(type: string, revIncludes: readonly string[]): CapabilityStatementRestResource {
  if (type === 'AuditEvent') return auditEventCapability();
  const references = [...getSearchParams(type).values()].filter((p) => p.type === 'reference');
  return {
    type: type as CapabilityStatementRestResource['type'],
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'full-support',
    conditionalUpdate: true,
    conditionalDelete: 'multiple',
    referencePolicy: ['literal', 'local'],
    searchInclude: ['*', ...references.map((p) => `${type}:${p.code}`)],
    searchRevInclude: [...revIncludes],
    searchParam: searchParams(type, revIncludes.length > 0),
    operation: typeOperations(type),
  };
}

/**
 * AuditEvents are the audit log's sealed entries (audit/audit-render.ts): written only by the server,
 * read, vread, instance history and search over the log's own columns (audit/audit-search.ts); no
 * includes, chains or `_has`, and no other type can `_revinclude` them.
 */
function auditEventCapability(): CapabilityStatementRestResource {
  return {
    type: 'AuditEvent',
    profile: 'http://hl7.org/fhir/StructureDefinition/AuditEvent',
    interaction: (['read', 'vread', 'history-instance', 'search-type'] as const).map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchInclude: [],
    searchRevInclude: [],
    searchParam: [...getSearchParams('AuditEvent').values()]
      .filter((p) => AUDIT_EVENT_SEARCH_PARAMS.has(p.code))
      .map((p) => searchParamCapability('AuditEvent', p)),
    operation: [VALIDATE],
  };
}

function typeOperations(type: string): { name: string; definition: string }[] {
  if (type === 'Patient') return [VALIDATE, EVERYTHING, PATIENT_EXPORT];
  if (type === 'Group') return [VALIDATE, GROUP_EXPORT];
  return [VALIDATE];
}

/**
 * The parameters the search engine serves for `type`: every R4 SearchParameter of the type except the
 * `special` ones it does not evaluate (e.g. Location `near`); `_list` always, `_has` when some reference
 * parameter can point at the type; `_type` only at system level (search.html#_type).
 */
function searchParams(type: string, referable: boolean): CapabilityStatementRestResourceSearchParam[] {
  return [...getSearchParams(type).values()]
    .filter((p) => !UNSERVED.has(p.code) && (p.type !== 'special' || SERVED_SPECIAL.has(p.code)))
    .filter((p) => p.code !== '_has' || referable)
    .map((p) => searchParamCapability(type, p));
}

const SERVED_SPECIAL = new Set(['_has', '_list']);
/** `_type` belongs to system search; named queries (`_query`) are not offered. */
const UNSERVED = new Set(['_type', '_query']);

const PAGE_PARAM_DOCS: Record<string, string> = {
  _type: 'System search: the resource types to search, comma-separated (search.html#_type).',
  _has: 'Reverse chaining: _has:Type:reference:param=value selects resources that matching Type resources refer to; nests (search.html#has).',
  _list: 'Members of the List with this id (search.html#list).',
};

function searchParamCapability(type: string, p: SearchParamDef): CapabilityStatementRestResourceSearchParam {
  const components = p.components?.length
    ? `; components ${p.components.map((c) => `${c.code} (${c.type})`).join(' $ ')}`
    : '';
  const documentation =
    PAGE_PARAM_DOCS[p.code] ??
    `${p.type} parameter of ${type}${p.expression ? ` on ${p.expression}` : ''}${components}` +
      (p.target?.length ? `; refers to ${p.target.join(', ')}` : '');
  return { name: p.code, definition: p.url, type: p.type, documentation };
}

/** rest.searchParam (system search, search.html#all): the common parameters, valid on every type. */
function systemSearchParams(): CapabilityStatementRestResourceSearchParam[] {
  return [...getSearchParams('Binary').values()]
    .filter((p) => p.base.includes('Resource') && p.code !== '_has' && p.code !== '_query')
    .map((p) => searchParamCapability('Resource', p));
}

/** `Source:param` for every reference parameter that can point at each target type. */
function reverseIncludes(): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const source of resourceTypeNames()) {
    if (source === 'AuditEvent') continue; // not includable (auditEventCapability)
    for (const p of getSearchParams(source).values()) {
      if (p.type !== 'reference') continue;
      for (const target of p.target ?? []) {
        const list = byTarget.get(target) ?? [];
        list.push(`${source}:${p.code}`);
        byTarget.set(target, list);
      }
    }
  }
  return byTarget;
}
