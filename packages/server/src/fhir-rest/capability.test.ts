// The CapabilityStatement tells the truth (http.html#capabilities): every R4 resource type, every
// interaction and operation the router serves, and every search parameter with its type and
// documentation — each one accepted by the search engine under Prefer: handling=strict.
import { getSearchParam, resourceTypeNames } from '@hearth/fhir';
import type { CapabilityStatementRestResourceSearchParam } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../db/search/search.ts';
import { buildCapabilityStatement } from './capability.ts';

const statement = buildCapabilityStatement('http://hearth.test/fhir', '2026-01-01T00:00:00Z');
const resources = statement.rest![0]!.resource!;

/** A well-formed value of each parameter type (search.html#ptypes). */
const SAMPLE: Record<string, string> = {
  string: 'x',
  token: 'http://sys|x',
  reference: 'Patient/x',
  date: 'ge2020-01',
  number: '1',
  quantity: 'gt1|http://unitsofmeasure.org|mg',
  uri: 'http://x.test/a',
};

function sampleQuery(type: string, p: CapabilityStatementRestResourceSearchParam): [string, string] {
  if (p.name === '_has') {
    const [source, param] = resources.find((r) => r.type === type)!.searchRevInclude![0]!.split(':');
    return [`_has:${source!}:${param!}:_id`, 'x'];
  }
  if (p.name === '_list') return ['_list', 'some-list'];
  if (p.type === 'composite') {
    const components = getSearchParam(type, p.name)?.components ?? [];
    return [p.name, components.map((c) => SAMPLE[c.type] ?? 'x').join('$')];
  }
  return [p.name, SAMPLE[p.type]!];
}

describe('CapabilityStatement', () => {
  it('lists every R4 resource type exactly once', () => {
    expect(resources.map((r) => r.type).sort()).toEqual([...resourceTypeNames()].sort());
  });

  it('documents every search parameter with its type and definition', () => {
    for (const r of resources) {
      for (const p of r.searchParam!) {
        expect(p.type, `${r.type}.${p.name}`).toMatch(
          /^(string|token|reference|date|number|quantity|uri|composite|special)$/,
        );
        expect(p.definition, `${r.type}.${p.name}`).toMatch(/^http/);
        expect(p.documentation?.length ?? 0, `${r.type}.${p.name}`).toBeGreaterThan(10);
      }
    }
  });

  it('advertises only parameters that strict search accepts, for every type', () => {
    const refused: string[] = [];
    for (const r of resources) {
      for (const p of r.searchParam!) {
        try {
          parseQuery(r.type, [sampleQuery(r.type, p)], {
            baseUrl: 'http://hearth.test/fhir',
            handling: 'strict',
          });
        } catch (err) {
          refused.push(`${r.type}?${sampleQuery(r.type, p).join('=')}: ${(err as Error).message}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });

  it('advertises only _include and _revinclude values that strict search accepts', () => {
    const refused: string[] = [];
    const opts = { baseUrl: 'http://hearth.test/fhir', handling: 'strict' as const };
    for (const r of resources) {
      for (const value of r.searchInclude ?? []) {
        try {
          parseQuery(r.type, [['_include', value]], opts);
        } catch (err) {
          refused.push(`${r.type}?_include=${value}: ${(err as Error).message}`);
        }
      }
      for (const value of r.searchRevInclude ?? []) {
        try {
          parseQuery(r.type, [['_revinclude', value]], opts);
        } catch (err) {
          refused.push(`${r.type}?_revinclude=${value}: ${(err as Error).message}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });

  it('advertises system-search parameters that strict system search accepts, _type among them', () => {
    const params = statement.rest![0]!.searchParam!;
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['_id', '_lastUpdated', '_tag', '_type']),
    );
    for (const p of params) {
      const query: [string, string] =
        p.name === '_type' ? ['_type', 'Patient,Observation'] : sampleQuery('Patient', p);
      expect(() =>
        parseQuery(undefined, [query], { baseUrl: 'http://hearth.test/fhir', handling: 'strict' }),
      ).not.toThrow();
    }
  });

  it('does not advertise what search refuses: Location near, _type on a type, _has on an unreferable type', () => {
    const names = (type: string) => resources.find((r) => r.type === type)!.searchParam!.map((p) => p.name);
    expect(names('Location')).not.toContain('near');
    expect(names('Patient')).not.toContain('_type');
    expect(names('Patient')).not.toContain('_query');
    expect(names('Patient')).toContain('_has');
    expect(names('Parameters')).not.toContain('_has');
  });

  it('names the interactions and operations the router serves, per type and for the system', () => {
    const patient = resources.find((r) => r.type === 'Patient')!;
    expect(patient.interaction!.map((i) => i.code).sort()).toEqual([
      'create',
      'delete',
      'history-instance',
      'history-type',
      'patch',
      'read',
      'search-type',
      'update',
      'vread',
    ]);
    expect(patient.operation!.map((o) => o.name)).toEqual(['validate', 'everything', 'export']);
    const group = resources.find((r) => r.type === 'Group')!;
    expect(group.operation!.map((o) => o.definition)).toEqual([
      'http://hl7.org/fhir/OperationDefinition/Resource-validate',
      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
    ]);
    for (const r of resources.filter((x) => x.type !== 'Patient' && x.type !== 'Group')) {
      expect(r.operation!.map((o) => o.name)).toEqual(['validate']);
    }
    // Bulk Data Access IG v2: system-level $export, and the IG's CapabilityStatement.
    expect(statement.rest![0]!.operation).toEqual([
      { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
    ]);
    expect(statement.rest![0]!.security!.cors).toBe(false);
    expect(
      buildCapabilityStatement('http://hearth.test/fhir', '2026-01-01T00:00:00Z', { cors: true }).rest![0]!
        .security!.cors,
    ).toBe(true);
    expect(statement.instantiates).toEqual(['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data']);
    expect(statement.rest![0]!.interaction!.map((i) => i.code).sort()).toEqual([
      'batch',
      'history-system',
      'search-system',
      'transaction',
    ]);
    expect(patient.conditionalDelete).toBe('multiple');
    expect(patient.searchInclude).toContain('*');
  });

  it('offers AuditEvent as the audit log serves it: read, vread, history and search on its own columns only', () => {
    const audit = resources.find((r) => r.type === 'AuditEvent')!;
    expect(audit.interaction!.map((i) => i.code).sort()).toEqual([
      'history-instance',
      'read',
      'search-type',
      'vread',
    ]);
    expect(audit.searchParam!.map((p) => p.name).sort()).toEqual(
      [
        '_id',
        '_lastUpdated',
        'action',
        'address',
        'agent',
        'altid',
        'date',
        'entity',
        'outcome',
        'patient',
        'subtype',
        'type',
      ].sort(),
    );
    expect(audit.searchInclude).toEqual([]);
    const revIncludesOfAudit = resources.flatMap((r) =>
      (r.searchRevInclude ?? []).filter((v) => v.startsWith('AuditEvent:')),
    );
    expect(revIncludesOfAudit).toEqual([]);
  });
});
