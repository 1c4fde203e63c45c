/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read the untyped JSON of responses */
// Every malformed resource in the shared fhir-invalid set, POSTed over HTTP where its manifest says:
// a 4xx OperationOutcome whose issue.expression names the manifest's element, and nothing written
// (no current row, no history row, no index row).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from './test-server.ts';

const INVALID_DIR = '/work/shared/data/fhir-invalid/';

interface ManifestCase {
  file: string;
  expression: string;
  reason: string;
  post_to: string;
}

const manifest = JSON.parse(readFileSync(`${INVALID_DIR}manifest.json`, 'utf8')) as ManifestCase[];

/** `/fhir/Patient`, or `/fhir (a transaction)` for a Bundle posted to the base. */
const urlOf = (postTo: string): string => postTo.split(' ')[0]!;

describe.each(testEngines())('the shared fhir-invalid resources over HTTP on %s', (_name, open) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await openTestServer(open);
  });
  afterAll(async () => {
    await s.close();
  });

  const rowCount = async (): Promise<number> => {
    const { rows } = await s.engine.query<{ n: string | number }>(
      'SELECT (SELECT count(*) FROM resources) + (SELECT count(*) FROM resource_history) + (SELECT count(*) FROM idx_token) AS n',
      [],
    );
    return Number(rows[0]!.n);
  };

  it.each(manifest)('rejects $file at $expression ($reason), writing nothing', async (c) => {
    const before = await rowCount();
    const res = await s.fhir({
      method: 'POST',
      url: urlOf(c.post_to),
      body: readFileSync(`${INVALID_DIR}${c.file}`, 'utf8'),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const outcome = res.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    const expressions = outcome.issue.flatMap((i: any) => i.expression ?? []);
    expect(expressions).toContain(c.expression);
    expect(await rowCount()).toBe(before);
  });
});
