// Validation guards every write, so whatever a client sends must come back as issues, never as a
// crash (which the HTTP edge would turn into a 500 for the caller's mistake).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTypeDefinition } from '../definitions/structure.ts';
import { validateResource } from './validate.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  validateResource({ resourceType: 'Patient', gender: 'male' });
}, 60_000);

const TYPES = ['Patient', 'Observation', 'Bundle', 'Questionnaire', 'Encounter', 'Parameters'];

/** JSON property names a type's instances may carry, choice types expanded, plus primitive siblings. */
function propertyNames(type: string): string[] {
  const names = new Set<string>();
  for (const [path, element] of getTypeDefinition(type)?.elements ?? []) {
    const name = path.split('.').pop() ?? path;
    for (const { code } of element.types) {
      const key = name.endsWith('[x]')
        ? name.slice(0, -3) + code.charAt(0).toUpperCase() + code.slice(1)
        : name;
      names.add(key);
      names.add('_' + key);
    }
  }
  return [...names];
}

/** Objects built from real element names at any depth, with arbitrary JSON at the leaves. */
function fhirShaped(type: string): fc.Arbitrary<unknown> {
  const key = fc.constantFrom(...propertyNames(type), 'resourceType', 'id', '__proto__');
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }),
      fc.array(tie('tree'), { maxLength: 3 }),
      fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
      fc.constant({ resourceType: type }),
    ),
  }));
  return fc.dictionary(key, tree, { maxKeys: 6 }).map((body) => ({ ...body, resourceType: type }));
}

describe('validation of arbitrary input', () => {
  it.each(TYPES)('reports issues for any %s-shaped JSON without throwing', (type) => {
    fc.assert(
      fc.property(fhirShaped(type), (resource) => {
        const issues = validateResource(JSON.parse(JSON.stringify(resource)));
        expect(issues.every((i) => i.severity === 'error' && i.diagnostics.length > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(validateResource(value))).toBe(true);
      }),
    );
  });
});
