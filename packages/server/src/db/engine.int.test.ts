import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { testEngines } from './test-engines.ts';

describe.each(testEngines())('engine on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('applies the migrations and returns timestamps as UTC text', async () => {
    const r = await engine.query<{ t: string }>("SELECT '2026-01-02T03:04:05.678Z'::timestamptz AS t");
    expect(r.rows[0]?.t).toBe('2026-01-02 03:04:05.678+00');
  });

  it('rolls a transaction back when it throws', async () => {
    await expect(
      engine.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO resources (resource_type, id, version_id, last_updated, content) VALUES ('Patient','x',1,now(),'{}')",
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const r = await engine.query("SELECT 1 FROM resources WHERE id = 'x'");
    expect(r.rows).toHaveLength(0);
  });
});
