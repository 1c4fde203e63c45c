// Research exports leave out the patients who opted out of research, and everything in their records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { exportPage } from '../importer/export-resources.ts';
import { POPULATION } from './access.fixtures.ts';

const keys = (lines: string[]) =>
  lines
    .map((l) => JSON.parse(l) as { resourceType: string; id: string })
    .map((r) => `${r.resourceType}/${r.id}`);

describe.each(testEngines())('research exports on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  it('leaves out carol, who opted out of research, and her records; keeps everyone and everything else', async () => {
    const all = keys((await exportPage(s.engine, { types: [], limit: 1000 })).lines);
    const research = keys(
      (await exportPage(s.engine, { types: [], limit: 1000, purpose: 'research' })).lines,
    );
    const carols = [
      'Patient/carol',
      'Observation/carol-vital',
      'Encounter/carol-at-b',
      'Consent/carol-research',
      'Consent/carol-no-b',
    ];
    expect(all).toEqual(expect.arrayContaining(carols));
    expect(research).toEqual(all.filter((k) => !carols.includes(k)));
  });

  it('pages a research export with the same exclusion', async () => {
    const page = await exportPage(s.engine, {
      types: ['Patient'],
      limit: 1,
      after: 'Patient/bob',
      purpose: 'research',
    });
    expect(keys(page.lines)).toEqual([]);
  });
});
