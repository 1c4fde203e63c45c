// Property (issue #3 acceptance): for accounts of every role, random scope sets and random requests, no
// response carries a resource the token may not see, and every resource it may see is reachable. The
// expectation comes from an independent model of the population (access.oracle.ts).
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessContext } from '../db/repository.types.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { POPULATION, refs, VITALS_SCOPE } from './access.fixtures.ts';
import { FACTS, typeRefused, visible, type Fact } from './access.oracle.ts';

const TYPES = ['Patient', 'Observation', 'Encounter', 'Consent', 'Organization', 'Practitioner'];

const scope = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('patient', 'user', 'system'),
      fc.constantFrom(...TYPES, '*'),
      fc.constantFrom('r', 's', 'rs', 'read'),
    )
    .map(([c, t, l]) => `${c}/${t}.${l}`),
  fc.constant(VITALS_SCOPE),
);

const user = (id: string, role: NonNullable<AccessContext['user']>['role'], fhirUser?: string) => ({
  id,
  role,
  ...(fhirUser ? { fhirUser } : {}),
});

const account: fc.Arbitrary<Omit<AccessContext, 'scopes'>> = fc.oneof(
  fc
    .option(fc.constantFrom('alice', 'bob'), { nil: undefined })
    .map((patient) => ({ actor: 'Client/app', ...(patient ? { patient } : {}) })),
  fc
    .constantFrom('alice', 'bob', 'carol')
    .map((p) => ({ actor: `Patient/${p}`, user: user(`u-${p}`, 'patient', `Patient/${p}`), patient: p })),
  fc.subarray(['alice', 'bob', 'carol']).map((proxies) => ({
    actor: 'RelatedPerson/cg',
    user: user('u-cg', 'caregiver', 'RelatedPerson/cg'),
    proxyPatients: proxies,
  })),
  fc
    .tuple(
      fc.constantFrom(
        'Practitioner/dr-a',
        'Practitioner/dr-b',
        'PractitionerRole/role-a',
        'PractitionerRole/role-b',
      ),
      fc.option(fc.constantFrom('alice', 'bob'), { nil: undefined }),
    )
    .map(([who, patient]) => ({
      actor: who,
      user: user(`u-${who.split('/')[1]!}`, 'practitioner', who),
      ...(patient ? { patient } : {}),
    })),
  fc
    .constantFrom('researcher', 'public-health', 'admin')
    .map((role) => ({ actor: `user/${role}`, user: user(`u-${role}`, role) })),
);

type Probe =
  | { kind: 'read' | 'vread'; fact: Fact }
  | { kind: 'search'; type: string }
  | { kind: 'include' }
  | { kind: 'revinclude' };

const probe: fc.Arbitrary<Probe> = fc.oneof(
  fc.constantFrom(...FACTS).map((fact) => ({ kind: 'read' as const, fact })),
  fc.constantFrom(...FACTS).map((fact) => ({ kind: 'vread' as const, fact })),
  fc.constantFrom(...TYPES).map((type) => ({ kind: 'search' as const, type })),
  fc.constant({ kind: 'include' as const }),
  fc.constant({ kind: 'revinclude' as const }),
);

const key = (f: Fact) => `${f.type}/${f.id}`;
const seen = (ctx: AccessContext, type: string, letter: 'r' | 's') =>
  FACTS.filter((f) => f.type === type && visible(ctx, f, letter));

describe.each(testEngines())('access control property on %s', (_name, open) => {
  let s: TestServer;
  let token = 0;
  const tokens: Record<string, AccessContext> = {};

  beforeAll(async () => {
    s = await openTestServer(open, {}, { tokens });
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  async function ask(ctx: AccessContext, url: string) {
    const bearer = `t${++token}`;
    tokens[bearer] = ctx;
    return s.app.inject({
      method: 'GET',
      url: `/fhir/${url}`,
      headers: { authorization: `Bearer ${bearer}` },
    });
  }

  it('returns exactly what the model allows, for every role, scope set and interaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        account,
        fc.uniqueArray(scope, { minLength: 1, maxLength: 3 }),
        probe,
        async (who, scopes, p) => {
          const ctx: AccessContext = { ...who, scopes };
          if (p.kind === 'read' || p.kind === 'vread') {
            // Every fixture resource has one version, in its current compartment: vread answers as read.
            const res = await ask(ctx, p.kind === 'read' ? key(p.fact) : `${key(p.fact)}/_history/1`);
            const expected = typeRefused(ctx, p.fact.type, 'r')
              ? 403
              : visible(ctx, p.fact, 'r')
                ? 200
                : ctx.user?.role === 'practitioner'
                  ? 403
                  : 404;
            expect(res.statusCode, res.body).toBe(expected);
            return;
          }
          const type = p.kind === 'search' ? p.type : p.kind === 'include' ? 'Observation' : 'Patient';
          const extra =
            p.kind === 'include'
              ? '&_include=Observation:derived-from'
              : p.kind === 'revinclude'
                ? '&_revinclude=Observation:patient'
                : '';
          const res = await ask(ctx, `${type}?_count=100${extra}`);
          if (typeRefused(ctx, type, 's')) {
            expect(res.statusCode, res.body).toBe(403);
            return;
          }
          expect(res.statusCode, res.body).toBe(200);
          const bundle = res.json<Bundle>();
          const matches = seen(ctx, type, 's');
          expect(refs(bundle, 'match')).toEqual(matches.map(key).sort());
          const included = new Set<string>();
          if (p.kind === 'include') {
            for (const m of matches) for (const ref of m.derivedFrom) included.add(ref);
          }
          if (p.kind === 'revinclude') {
            for (const o of FACTS.filter((f) => f.type === 'Observation')) {
              if (o.patients.some((pt) => matches.some((m) => m.id === pt))) included.add(key(o));
            }
          }
          const allowed = [...included].filter((k) => {
            const f = FACTS.find((x) => key(x) === k);
            return f !== undefined && visible(ctx, f, 'r') && !matches.includes(f);
          });
          expect(refs(bundle, 'include')).toEqual(allowed.sort());
        },
      ),
      { numRuns: 120, seed: 20261123 },
    );
  });
});
