// Reads, searches, includes, chains, history and $everything for every kind of token, on a population
// whose access is computed by hand in access.fixtures.ts.
import { randomBytes } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT, type AccessContext } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { createUser } from '../identity/users.ts';
import { POPULATION, refs, TOKENS } from './access.fixtures.ts';

const READS = [
  'Patient/alice',
  'Patient/bob',
  'Observation/alice-lab',
  'Observation/bob-vital',
  'Organization/hosp-a',
];

// Expected status of GET [read] per token, in READS order. 404 hides a record from patients, caregivers
// and apps; practitioners get 403 (they may break the glass); aggregate-only roles get 403.
const READ_MATRIX: [token: string, statuses: number[]][] = [
  ['test', [200, 200, 200, 200, 200]],
  ['alice', [200, 404, 200, 404, 200]],
  ['alice-vitals', [200, 404, 404, 404, 403]],
  ['caregiver', [404, 200, 404, 200, 200]],
  ['dr-a', [200, 403, 200, 403, 200]],
  ['dr-b', [403, 200, 403, 200, 200]],
  ['researcher', [403, 403, 403, 403, 200]],
  ['public-health', [403, 403, 403, 403, 200]],
  ['backend-user-scope', [403, 403, 403, 403, 403]],
];

// Expected matches of GET Observation per token (403 when the search itself is refused).
const SEARCH_MATRIX: [token: string, expected: string[] | 403][] = [
  [
    'test',
    ['Observation/alice-lab', 'Observation/alice-vital', 'Observation/bob-vital', 'Observation/carol-vital'],
  ],
  ['alice', ['Observation/alice-lab', 'Observation/alice-vital']],
  ['alice-vitals', ['Observation/alice-vital']],
  ['caregiver', ['Observation/bob-vital']],
  ['dr-a', ['Observation/alice-lab', 'Observation/alice-vital', 'Observation/carol-vital']],
  ['dr-b', ['Observation/bob-vital']],
  ['researcher', 403],
  ['public-health', 403],
];

describe.each(testEngines())('access control on reads and searches on %s', (_name, open) => {
  let s: TestServer;
  const get = (token: string, url: string) =>
    s.app.inject({ method: 'GET', url: `/fhir/${url}`, headers: { authorization: `Bearer ${token}` } });
  const search = async (token: string, url: string): Promise<Bundle> => {
    const res = await get(token, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  const tokens: Record<string, AccessContext> = { ...TOKENS };
  beforeAll(async () => {
    s = await openTestServer(open, {}, { tokens });
    await s.repo.putMany(SYSTEM_CONTEXT, [
      ...POPULATION,
      { resourceType: 'CareTeam', id: 'team-bob', subject: { reference: 'Patient/bob' } },
    ]);
  });
  afterAll(async () => {
    await s.close();
  });

  it.each(READ_MATRIX)('reads as %s with the hand-computed statuses', async (token, statuses) => {
    const got = await Promise.all(READS.map(async (url) => (await get(token, url)).statusCode));
    expect(got).toEqual(statuses);
  });

  it('answers a hidden record exactly like an unknown one for a patient token', async () => {
    const hidden = await get('alice', 'Observation/bob-vital');
    const unknown = await get('alice', 'Observation/bob-vital-x');
    expect(hidden.json().issue[0].diagnostics).toBe('Observation/bob-vital is not known');
    expect(unknown.json().issue[0].diagnostics).toBe('Observation/bob-vital-x is not known');
  });

  it.each(SEARCH_MATRIX)(
    'searches Observation as %s and gets only what it may see',
    async (token, expected) => {
      const res = await get(token, 'Observation?_total=accurate');
      if (expected === 403) {
        expect(res.statusCode).toBe(403);
        expect(res.json().resourceType).toBe('OperationOutcome');
        return;
      }
      const bundle: Bundle = res.json();
      expect(refs(bundle)).toEqual(expected);
      expect(bundle.total).toBe(expected.length);
    },
  );

  it('pages within the visible rows: totals and next links count only them', async () => {
    const first = await search('dr-a', 'Observation?_count=2&_total=accurate');
    expect(first.total).toBe(3);
    const next = first.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const second = await search('dr-a', next!.replace(/^.*\/fhir\//, ''));
    expect(refs(second)).toHaveLength(1);
  });

  it('leaves _include and _revinclude targets the token may not see out of the bundle', async () => {
    const included = await search('alice', 'Observation?_id=alice-vital&_include=Observation:derived-from');
    expect(refs(included, 'include')).toEqual(['Observation/alice-lab']);
    const vitals = await search('alice-vitals', 'Patient?_id=alice&_revinclude=Observation:patient');
    expect(refs(vitals, 'include')).toEqual(['Observation/alice-vital']);
    const all = await search('test', 'Patient?_id=alice&_revinclude=Observation:patient');
    expect(refs(all, 'include')).toEqual(['Observation/alice-lab', 'Observation/alice-vital']);
  });

  it('does not let chained or _has criteria reveal resources the token may not see', async () => {
    const lab = 'category=laboratory';
    expect(refs(await search('test', `Patient?_has:Observation:patient:${lab}`))).toEqual(['Patient/alice']);
    expect(refs(await search('alice-vitals', `Patient?_has:Observation:patient:${lab}`))).toEqual([]);
    const chained = `Observation?derived-from:Observation.${lab}`;
    expect(refs(await search('test', chained))).toEqual(['Observation/alice-vital']);
    expect(refs(await search('alice-vitals', chained))).toEqual([]);
    // alice-vital is derived from bob's observation too, which alice may not see.
    expect(refs(await search('alice', 'Observation?derived-from:Observation.subject=Patient/bob'))).toEqual(
      [],
    );
  });

  it('refuses a chain, _has or _list through a type the token may not search, naming the parameter', async () => {
    tokens['alice-patient-only'] = { ...TOKENS.alice!, scopes: ['patient/Patient.rs'] };
    tokens['alice-observations-only'] = { ...TOKENS.alice!, scopes: ['patient/Observation.rs'] };
    const refused = async (token: string, url: string, param: string) => {
      const res = await get(token, url);
      expect(res.statusCode, res.body).toBe(403);
      const issue = res.json().issue[0];
      expect(issue.expression).toEqual([param]);
      expect(issue.diagnostics).toContain(`'${param}'`);
    };
    await refused(
      'alice-patient-only',
      'Patient?_has:Observation:patient:category=laboratory',
      '_has:Observation:patient:category',
    );
    await refused(
      'alice-observations-only',
      'Observation?subject:Patient.name=Alder',
      'subject:Patient.name',
    );
    // Without a :Type modifier every target type of `subject` is refused to this token.
    await refused('alice-observations-only', 'Observation?subject.name=Alder', 'subject.name');
    await refused('alice-observations-only', 'Observation?_list=any', '_list');
    // A chain through a type the token may search is answered (within what it may see).
    expect(refs(await search('alice', 'Observation?subject:Patient.name=Alder'))).toEqual([
      'Observation/alice-lab',
      'Observation/alice-vital',
    ]);
  });

  it('gives no members of a List the caller may not see, even members it may see', async () => {
    const list = (id: string, patient: string, items: string[]) => ({
      resourceType: 'List' as const,
      id,
      status: 'current' as const,
      mode: 'working' as const,
      subject: { reference: `Patient/${patient}` },
      entry: items.map((i) => ({ item: { reference: i } })),
    });
    await s.repo.putMany(SYSTEM_CONTEXT, [
      list('alice-list', 'alice', ['Observation/alice-lab', 'Observation/alice-vital']),
      list('bob-list', 'bob', ['Observation/bob-vital', 'Observation/alice-lab']),
    ]);
    expect(refs(await search('test', 'Observation?_list=bob-list'))).toEqual([
      'Observation/alice-lab',
      'Observation/bob-vital',
    ]);
    expect(refs(await search('alice', 'Observation?_list=alice-list'))).toEqual([
      'Observation/alice-lab',
      'Observation/alice-vital',
    ]);
    expect(refs(await search('alice', 'Observation?_list=bob-list'))).toEqual([]);
    expect(refs(await search('caregiver', 'Observation?_list=bob-list'))).toEqual(['Observation/bob-vital']);
  });

  it('searches Patient within the practitioner panel, minus patients who refused the organization', async () => {
    expect(refs(await search('dr-a', 'Patient'))).toEqual(['Patient/alice', 'Patient/carol']);
    expect(refs(await search('dr-b', 'Patient'))).toEqual(['Patient/bob']);
    expect((await get('dr-b', 'Patient/carol')).statusCode).toBe(403);
    expect((await get('dr-b', 'Encounter/carol-at-b')).statusCode).toBe(403);
  });

  it('takes a practitioner account’s organizations and care teams into the panel', async () => {
    const account = async (username: string, organizations: string[]) => {
      const password = randomBytes(18).toString('base64url');
      const u = await createUser(s.engine, { username, role: 'practitioner', password, organizations });
      tokens[username] = {
        actor: `user/${u.id}`,
        scopes: ['user/*.rs'],
        user: { id: u.id, role: 'practitioner' },
      };
    };
    await account('dr-c', ['Organization/hosp-a']);
    await account('dr-d', ['CareTeam/team-bob']);
    expect(refs(await search('dr-c', 'Patient'))).toEqual(['Patient/alice', 'Patient/carol']);
    expect(refs(await search('dr-d', 'Patient'))).toEqual(['Patient/bob']);
    expect(refs(await search('dr-d', 'Observation'))).toEqual(['Observation/bob-vital']);
  });

  it('gives researchers and public-health officers aggregates only; research opt-outs are not counted', async () => {
    expect((await search('researcher', 'Patient?_summary=count')).total).toBe(2);
    expect((await search('public-health', 'Patient?_summary=count')).total).toBe(3);
    expect((await search('researcher', 'Observation?_summary=count&category=vital-signs')).total).toBe(2);
    const refused = await get('researcher', 'Patient');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().issue[0].diagnostics).toMatch(/aggregate/);
    expect(refs(await search('researcher', 'Organization'))).toEqual([
      'Organization/hosp-a',
      'Organization/outside-b',
    ]);
  });

  it('filters history to the resources the token may see', async () => {
    const history = await search('alice', 'Observation/_history');
    expect(refs(history)).toEqual(['Observation/alice-lab', 'Observation/alice-vital']);
    expect((await get('alice', 'Observation/bob-vital/_history')).statusCode).toBe(404);
    expect((await get('alice', 'Observation/alice-lab/_history/1')).statusCode).toBe(200);
    expect((await get('alice', 'Observation/bob-vital/_history/1')).statusCode).toBe(404);
    expect(refs(await search('caregiver', '_history'))).not.toContain('Patient/alice');
  });

  it('runs $everything and compartment searches inside what the token may see', async () => {
    const everything = await search('alice-vitals', 'Patient/alice/$everything');
    expect(refs(everything, 'match')).toEqual(['Observation/alice-vital', 'Patient/alice']);
    expect((await get('alice', 'Patient/bob/$everything')).statusCode).toBe(404);
    expect(refs(await search('alice', 'Patient/bob/Observation'))).toEqual([]);
    expect(refs(await search('caregiver', 'Patient/bob/Observation'))).toEqual(['Observation/bob-vital']);
  });

  it('gives a user signed in as a PractitionerRole the access of that role’s organization and practitioner', async () => {
    const roleUser = (id: string) => ({
      actor: `PractitionerRole/${id}`,
      scopes: ['user/*.rs'],
      user: { id: `u-${id}`, role: 'practitioner' as const, fhirUser: `PractitionerRole/${id}` },
    });
    tokens['role-b'] = roleUser('role-b');
    tokens['role-gp'] = roleUser('role-gp');
    // role-b is dr-b at outside-b: bob (managed there); carol refused sharing with outside-b.
    expect(refs(await search('role-b', 'Patient'))).toEqual(['Patient/bob']);
    expect((await get('role-b', 'Patient/alice')).statusCode).toBe(403);
    // A role without an organization: the patients whose general practitioner is the role or its practitioner.
    await s.repo.putMany(SYSTEM_CONTEXT, [
      { resourceType: 'Practitioner', id: 'dr-gp' },
      { resourceType: 'PractitionerRole', id: 'role-gp', practitioner: { reference: 'Practitioner/dr-gp' } },
      {
        resourceType: 'Patient',
        id: 'dan',
        generalPractitioner: [{ reference: 'PractitionerRole/role-gp' }],
      },
      { resourceType: 'Patient', id: 'erin', generalPractitioner: [{ reference: 'Practitioner/dr-gp' }] },
    ]);
    expect(refs(await search('role-gp', 'Patient'))).toEqual(['Patient/dan', 'Patient/erin']);
    // An inactive role gives nothing.
    await s.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'PractitionerRole',
      id: 'role-gp',
      active: false,
      practitioner: { reference: 'Practitioner/dr-gp' },
    });
    expect(refs(await search('role-gp', 'Patient'))).toEqual([]);
  });

  it('restricts system-wide searches across types to the visible rows of each type', async () => {
    const all = await search('caregiver', '?_type=Patient,Observation,Consent');
    expect(refs(all)).toEqual(['Observation/bob-vital', 'Patient/bob']);
  });
});
