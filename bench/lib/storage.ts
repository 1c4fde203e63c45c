// Fresh storage for one benchmark: a new PostgreSQL database (`bench_<random>`, dropped afterwards) or a
// new PGlite data dir in a temp folder (removed afterwards). The search database may instead be kept
// (see search-data.ts) because loading 500,000 resources takes minutes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Storage } from './child-server.ts';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type EngineName = 'postgres' | 'pglite';

export interface OwnedStorage extends Storage {
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
}

export async function createDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function freshStorage(engine: EngineName): Promise<OwnedStorage> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-'));
  if (engine === 'pglite') {
    return { engine, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await createDatabase(name);
  return {
    engine,
    dataDir,
    databaseUrl: databaseUrl(name),
    async drop() {
      await dropDatabase(name);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
