// Integration tests run on both engines (DESIGN.md §4, STYLE.md §6): use
// `describe.each(testEngines())('… on %s', (_name, open) => …)`. Each call of `open()` gives a fresh,
// migrated, isolated database: PGlite in memory, or a fresh schema in PostgreSQL that `close()` drops.
// PostgreSQL comes from HEARTH_TEST_DATABASE_URL (default: the machine's local `test` database). Under
// CI it must be reachable; elsewhere an unreachable server skips the PostgreSQL half with a warning.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Engine } from './engine.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-engine.ts';
import { openPostgres } from './postgres-engine.ts';

export const TEST_DATABASE_URL =
  process.env.HEARTH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type OpenTestEngine = () => Promise<Engine>;

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const pgAvailable = await postgresReachable();
if (!pgAvailable) {
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL}; CI needs it.`);
  console.warn(`PostgreSQL not reachable at ${TEST_DATABASE_URL}: PostgreSQL integration tests skipped.`);
}

/** `before`: stop migrating at that migration file (a test of its data conversion applies it itself). */
export interface TestEngineOptions {
  before?: string;
}

export async function openTestPglite(opts: TestEngineOptions = {}): Promise<Engine> {
  const engine = await openPglite();
  await migrate(engine, opts);
  return engine;
}

export async function openTestPostgres(opts: TestEngineOptions = {}): Promise<Engine> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const engine = await openPostgres({ url: TEST_DATABASE_URL, schema, maxConnections: 8 });
  await migrate(engine, opts);
  const close = engine.close.bind(engine);
  return {
    ...engine,
    async close() {
      await engine.exec(`DROP SCHEMA "${schema}" CASCADE`);
      await close();
    },
  };
}

export function testEngines(opts: TestEngineOptions = {}): [string, OpenTestEngine][] {
  const engines: [string, OpenTestEngine][] = [['pglite', () => openTestPglite(opts)]];
  if (pgAvailable) engines.push(['postgres', () => openTestPostgres(opts)]);
  return engines;
}
