import { describe, expect, it } from 'vitest';
import { isResourceType } from '@hearth/fhir';
import type { ParseContext } from './ast.ts';
import { parseSearch } from './parse.ts';
import { registryLookup } from './registry-lookup.ts';

const ctx: ParseContext = {
  lookup: registryLookup,
  isResourceType,
  baseUrl: 'http://h/fhir',
  now: new Date('2026-01-01T00:00:00Z'),
};
const parse = (type: string | undefined, query: string) =>
  parseSearch(type, [...new URLSearchParams(query).entries()], ctx);

describe('parseSearch', () => {
  it('reads token forms: code, system|code, |code, system|', () => {
    const { filters } = parse('Observation', 'code=a,http://s|b,|c,http://s|');
    expect(filters).toHaveLength(1);
    expect(filters[0]).toMatchObject({
      kind: 'param',
      tests: [
        { kind: 'token', system: undefined, code: 'a' },
        { kind: 'token', system: 'http://s', code: 'b' },
        { kind: 'token', system: null, code: 'c' },
        { kind: 'token', system: 'http://s', code: undefined },
      ],
    });
  });

  it('keeps escaped commas, pipes and dollars inside one value', () => {
    const { filters } = parse('Patient', 'identifier=a\\|b\\,c');
    expect(filters[0]).toMatchObject({ tests: [{ kind: 'token', code: 'a|b,c' }] });
  });

  it('turns a date prefix and precision into a range', () => {
    const { filters } = parse('Patient', 'birthdate=ge2020-03');
    expect(filters[0]).toMatchObject({
      tests: [
        { kind: 'date', prefix: 'ge', low: '2020-03-01T00:00:00.000Z', high: '2020-03-31T23:59:59.999Z' },
      ],
    });
  });

  it('widens ap dates by 10% of the gap to now', () => {
    const { filters } = parse('Patient', 'birthdate=ap2016-01-01');
    // now - 2016-01-01 = 3653 days; 10% = 365.3 days = 365 days 7h12m either side.
    expect(filters[0]).toMatchObject({ tests: [{ prefix: 'ap', low: '2014-12-31T16:48:00.000Z' }] });
  });

  it('converts UCUM quantities to canonical units', () => {
    const { filters } = parse('Observation', 'value-quantity=lt5400|http://unitsofmeasure.org|mg');
    expect(filters[0]).toMatchObject({
      tests: [{ kind: 'quantity', prefix: 'lt', canonical: 'g', value: '5.4' }],
    });
  });

  it('parses chains through each possible target and multi-level', () => {
    const { filters, issues } = parse('Observation', 'patient.organization.name=acme');
    expect(issues).toEqual([]);
    expect(filters[0]).toMatchObject({
      kind: 'chain',
      hops: [
        {
          type: 'Patient',
          filter: { kind: 'chain', hops: [{ type: 'Organization', filter: { kind: 'param' } }] },
        },
      ],
    });
  });

  it('parses nested _has', () => {
    const { filters } = parse('Patient', '_has:Observation:patient:_has:AuditEvent:entity:agent=x');
    expect(filters[0]).toMatchObject({
      kind: 'has',
      sourceType: 'Observation',
      filter: { kind: 'has', sourceType: 'AuditEvent', refParam: 'entity' },
    });
  });

  it('reports unknown parameters, modifiers and malformed values by name', () => {
    const { issues, filters } = parse(
      'Patient',
      'nope=1&birthdate=yesterday&name:sideways=x&gender:missing=maybe&_count=-1&_sort=nope',
    );
    expect(filters).toEqual([]);
    expect(issues.map((i) => i.param)).toEqual([
      'nope',
      'birthdate',
      'name:sideways',
      'gender:missing',
      '_count',
      '_sort',
    ]);
  });

  it('reads identifier:of-type as type system|type code|value and refuses other shapes', () => {
    const { filters, issues } = parse(
      'Patient',
      'identifier:of-type=http://t|MR|12&identifier:of-type=MR|12',
    );
    expect(filters).toEqual([
      {
        kind: 'param',
        param: { code: 'identifier:of-type', type: 'token', targets: [], components: [] },
        tests: [{ kind: 'token', system: 'http://t|MR', code: '12' }],
        negate: false,
      },
    ]);
    expect(issues.map((i) => i.param)).toEqual(['identifier:of-type']);
  });

  it('reads result parameters and keeps them in the accepted query', () => {
    const s = parse(
      'Observation',
      '_count=5000&_offset=10&_sort=-date,_id&_include=Observation:subject:Patient&_revinclude:iterate=Provenance:target&_total=accurate&_summary=data',
    );
    expect(s.count).toBe(1000);
    expect(s.offset).toBe(10);
    expect(s.sort.map((k) => [k.code, k.descending])).toEqual([
      ['date', true],
      ['_id', false],
    ]);
    expect(s.includes).toEqual([
      { sourceType: 'Observation', param: 'subject', targetType: 'Patient', iterate: false },
    ]);
    expect(s.revincludes).toEqual([
      { sourceType: 'Provenance', param: 'target', targetType: undefined, iterate: true },
    ]);
    expect(s.total).toBe('accurate');
    expect(s.summary).toBe('data');
    expect(s.accepted.map(([k]) => k)).not.toContain('_count');
  });

  it('system search takes _type and validates common parameters against every listed type', () => {
    const s = parse(undefined, '_type=Patient,Observation&_id=1');
    expect(s.types).toEqual(['Patient', 'Observation']);
    expect(s.filters).toHaveLength(1);
    expect(parse(undefined, '_type=Patient,Observation&name=x').issues.map((i) => i.param)).toEqual(['name']);
    expect(parse(undefined, '_tag=a|b').issues).toEqual([]);
  });
});
