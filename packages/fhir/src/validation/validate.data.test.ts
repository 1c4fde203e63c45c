// The shared fixtures: every malformed resource is rejected at the element the manifest names, and
// every real Synthea resource is accepted.
// eslint-disable-next-line no-restricted-imports -- tests read the shared fixture files; the code under test does no I/O.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateResource } from './validate.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  validateResource({ resourceType: 'Patient', gender: 'male' });
}, 60_000);

const INVALID_DIR = '/work/shared/data/fhir-invalid/';
const SYNTHEA_DIR = '/work/shared/data/synthea/';

interface ManifestCase {
  file: string;
  expression: string;
  reason: string;
}

const manifest = JSON.parse(readFileSync(INVALID_DIR + 'manifest.json', 'utf8')) as ManifestCase[];

describe('malformed resources from the shared manifest', () => {
  it.each(manifest)('rejects $file at $expression ($reason)', ({ file, expression }) => {
    const issues = validateResource(JSON.parse(readFileSync(INVALID_DIR + file, 'utf8')));
    expect(issues.map((i) => i.expression)).toContain(expression);
    expect(issues.every((i) => i.severity === 'error')).toBe(true);
  });
});

describe('real Synthea resources', () => {
  const files = readdirSync(SYNTHEA_DIR).filter((f) => f.endsWith('.ndjson'));

  it.each(files)('accepts every resource in %s', (file) => {
    const lines = readFileSync(SYNTHEA_DIR + file, 'utf8')
      .split('\n')
      .filter(Boolean);
    const failures = lines.flatMap((line) => {
      const resource = JSON.parse(line) as { resourceType: string; id: string };
      return validateResource(resource).map((i) => `${resource.id}: ${i.expression ?? ''} ${i.diagnostics}`);
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
