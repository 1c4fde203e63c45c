// GET /fhir/metadata (http.html#capabilities): a CapabilityStatement generated from the same registries
// the server runs on — every concrete R4 type with every search parameter the search engine serves — so
// it tells the truth about what this server does. Built once per base URL and cached.
import { getSearchParams, resourceTypeNames } from '@hearth/fhir';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';

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

const cache = new Map<string, CapabilityStatement>();

export function capabilityStatement(baseUrl: string): CapabilityStatement {
  let statement = cache.get(baseUrl);
  if (!statement) {
    statement = buildCapabilityStatement(baseUrl, new Date().toISOString());
    cache.set(baseUrl, statement);
  }
  return statement;
}

export function buildCapabilityStatement(baseUrl: string, date: string): CapabilityStatement {
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
    // We serve JSON only; application/fhir+xml is answered with 406 Not Acceptable.
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
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
        operation: [VALIDATE],
      },
    ],
  };
}

function resourceCapability(type: string, revIncludes: readonly string[]): CapabilityStatementRestResource {
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
    searchParam: searchParams(type),
    operation: type === 'Patient' ? [VALIDATE, EVERYTHING] : [VALIDATE],
  };
}

function searchParams(type: string): CapabilityStatementRestResourceSearchParam[] {
  return [...getSearchParams(type).values()].map((p) => ({ name: p.code, definition: p.url, type: p.type }));
}

/** `Source:param` for every reference parameter that can point at each target type. */
function reverseIncludes(): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const source of resourceTypeNames()) {
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
