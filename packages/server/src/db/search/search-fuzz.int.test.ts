// Attacker-controlled search values (SQL injection is a test case): any string in any parameter is a
// searchset Bundle or a 400 OperationOutcome — never a database error or another exception.
import fc from 'fast-check';
import { OperationOutcomeError } from '@hearth/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test-engines.ts';
import { openSearchWorld, type SearchWorld } from './search.fixtures.ts';

const PARAMS: [type: string, name: string][] = [
  ['Patient', 'name'],
  ['Patient', 'name:exact'],
  ['Patient', 'identifier'],
  ['Patient', 'gender:not'],
  ['Patient', 'birthdate'],
  ['Patient', '_lastUpdated'],
  ['RiskAssessment', 'probability'],
  ['Observation', 'value-quantity'],
  ['Observation', 'subject'],
  ['Observation', 'subject:identifier'],
  ['ValueSet', 'url:below'],
  ['Observation', 'code-value-quantity'],
  ['Observation', 'subject:Patient.name'],
  ['Patient', '_has:Observation:patient:code'],
  ['Patient', '_sort'],
  ['Patient', '_include'],
  ['Patient', '_count'],
  ['Patient', '_text'],
  ['Patient', '_list'],
];

const NASTY = [
  "'; DROP TABLE resources; --",
  "x' OR '1'='1",
  '\\',
  '%',
  '_',
  '$$',
  'ge',
  '|',
  '||',
  ',',
  '\u0000',
  'ap2020',
];

describe.each(testEngines())('search fuzz on %s', (_name, open) => {
  let w: SearchWorld;
  beforeAll(async () => {
    w = await openSearchWorld(open);
  });
  afterAll(() => w?.close());

  it('answers any value in any parameter, and any parameter name, with a Bundle or a 400', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(...NASTY),
      fc.array(fc.constantFrom(...NASTY)).map((a) => a.join('')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PARAMS),
        value,
        fc.constantFrom('strict', 'lenient'),
        async ([type, name], v, handling) => {
          try {
            const bundle = await w.repo.search({ actor: 'system', scopes: [] }, type, [[name, v]], {
              baseUrl: 'http://h/fhir',
              handling,
            });
            expect(bundle.resourceType).toBe('Bundle');
          } catch (err) {
            if (!(err instanceof OperationOutcomeError)) throw err;
            expect(err.kind).toBe('bad-request');
          }
        },
      ),
      { numRuns: 150 },
    );
    // Parameter names are attacker-controlled too: modifiers, chains and _has built from random parts.
    const part = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('name', 'subject', '_has', 'Observation', 'patient', 'code', 'missing', 'Patient'),
    );
    const key = fc
      .array(part, { minLength: 1, maxLength: 5 })
      .chain((parts) => fc.constantFrom(parts.join(':'), parts.join('.')));
    await fc.assert(
      fc.asyncProperty(key, value, async (k, v) => {
        try {
          await w.repo.search({ actor: 'system', scopes: [] }, 'Patient', [[k, v]], {
            baseUrl: 'http://h/fhir',
            handling: 'strict',
          });
        } catch (err) {
          if (!(err instanceof OperationOutcomeError)) throw err;
          expect(err.kind).toBe('bad-request');
        }
      }),
      { numRuns: 150 },
    );
    const count = await w.db.query<{ n: string }>('SELECT count(*) AS n FROM resources');
    expect(Number(count.rows[0]!.n)).toBeGreaterThan(0);
  });
});
