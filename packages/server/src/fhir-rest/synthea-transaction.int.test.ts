// The scale check: a transaction of every Synthea resource (5,580 entries, client ids as PUTs)
// goes through in one piece, and every resource reads back equal to what was sent (ignoring meta),
// with Synthea's conditional references (`Practitioner?identifier=system|value`) resolved to the
// literal `Type/id` of the resource in the bundle that carries that identifier.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { FHIR_BASE, openTestServer, type TestServer } from './test-server.ts';

const DATA = '/work/shared/data/synthea';
// data/README.md: shared resources first so every reference resolves when its entry is written.
const ORDER = ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient', 'Encounter'];
const REST = ['Condition', 'Device', 'DocumentReference', 'Immunization', 'MedicationRequest', 'Procedure'];

function loadSynthea(): Resource[] {
  return [...ORDER, ...REST].flatMap((type) =>
    readFileSync(join(DATA, `${type}.000.ndjson`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Resource),
  );
}

function withoutMeta(resource: Resource): Omit<Resource, 'meta'> {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

/** What the server must have stored for `resource`: conditional references replaced by `Type/id`. */
function expectedAfterResolution(resource: Resource, byIdentifier: Map<string, string>): Resource {
  const json = JSON.stringify(resource, (key, value: unknown) => {
    if (key !== 'reference' || typeof value !== 'string') return value;
    const match = /^(\w+)\?identifier=(.*)$/.exec(value);
    if (!match) return value;
    const id = byIdentifier.get(`${match[1]!}?${decodeURIComponent(match[2]!)}`);
    expect(id, `conditional reference ${value} matches a resource in the bundle`).toBeDefined();
    return `${match[1]!}/${id!}`;
  });
  return JSON.parse(json) as Resource;
}

function identifierIndex(resources: Resource[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const r of resources) {
    const identifiers = (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? [];
    for (const i of identifiers) index.set(`${r.resourceType}?${i.system ?? ''}|${i.value ?? ''}`, r.id!);
  }
  return index;
}

describe.each(testEngines())('a Synthea transaction bundle on %s', (name, open) => {
  let s: TestServer;
  const resources = loadSynthea();
  beforeAll(async () => {
    s = await openTestServer(open);
  });
  afterAll(async () => {
    await s.close();
  });

  it('commits every entry and every resource reads back equal', { timeout: 900_000 }, async () => {
    expect(resources.length).toBeGreaterThanOrEqual(5000);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: resources.map((r) => ({
        fullUrl: `${FHIR_BASE}/${r.resourceType}/${r.id!}`,
        resource: r,
        request: { method: 'PUT', url: `${r.resourceType}/${r.id!}` },
      })),
    };
    const started = performance.now();
    const res = await s.fhir({
      method: 'POST',
      url: '/fhir',
      body: bundle,
      headers: { prefer: 'return=minimal' },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${name}: ${resources.length}-entry transaction in ${seconds.toFixed(1)} s`);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entry;
    expect(entries).toHaveLength(resources.length);
    expect(entries.every((e: any) => e.response.status === '201 Created')).toBe(true);
    const byIdentifier = identifierIndex(resources);
    let conditional = 0;
    for (const r of resources) {
      const expected = expectedAfterResolution(r, byIdentifier);
      if (JSON.stringify(expected) !== JSON.stringify(r)) conditional++;
      const read = await s.fhir({ method: 'GET', url: `/fhir/${r.resourceType}/${r.id!}` });
      expect(read.statusCode).toBe(200);
      expect(withoutMeta(read.json())).toEqual(withoutMeta(expected));
    }
    // The data really exercises conditional references (data/README.md), so the check above is not vacuous.
    expect(conditional).toBeGreaterThan(1000);
  });
});
