// Demo mode at start (seed/demo-clinic.ts): only an empty embedded database gets the demo clinic, once.
// One server start (opening an embedded database is the slow part); the later checks reuse its database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { createInProcessBus } from '../events/bus.ts';
import { verifyPassword } from '../identity/passwords.ts';
import { findUserRow } from '../identity/users.ts';
import { banner, startServer, type RunningServer } from '../main.ts';
import { prepareDemo, type DemoDeps } from './demo-clinic.ts';
import type { SeedSummary } from './seed-database.ts';
import { startDemo } from './demo-start.ts';

const TODAY = new Date('2026-11-23T10:00:00Z');

function env(dataDir: string): Record<string, string> {
  return {
    HEARTH_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    HEARTH_LOG_LEVEL: 'silent',
    HEARTH_DEMO_PATIENTS: '2',
  };
}

describe('the demo clinic at start', { timeout: 120_000 }, () => {
  let dir: string;
  let config: Readonly<Config>;
  let server: RunningServer;
  let seeded: SeedSummary | Error | undefined;
  const deps = (c: Readonly<Config>): DemoDeps => ({
    config: c,
    engine: server.services.engine,
    repo: server.services.repo,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-demo-'));
    config = loadConfig(env(join(dir, 'data')));
    server = await startServer(config, { demo: true });
    seeded = await server.demo?.seeding?.done;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds an empty embedded database with the demo patients and prints accounts that sign in', async () => {
    expect(seeded).toMatchObject({ patients: 2, failed: 0, interrupted: false });
    const accounts = server.demo!.state.accounts;
    expect(accounts.map((a) => a.username)).toEqual(['demo-clinician', 'demo-patient', 'demo-admin']);
    const text = banner(config, server);
    for (const a of accounts) {
      expect(text).toContain(`${a.username.padEnd(15)} password ${a.password}`);
      const row = (await findUserRow(server.services.engine, a.username))!;
      expect(await verifyPassword(row.password_hash, a.password)).toBe(true);
      if (!a.fhirUser) continue;
      const [type, id] = a.fhirUser.split('/');
      expect(await server.services.repo.read(SYSTEM_CONTEXT, type!, id!)).toMatchObject({ id });
    }
  });

  it('a later start of the same data dir finds the demo complete and seeds nothing', async () => {
    const again = await startDemo(deps(config), () => undefined);
    expect(again?.seeding).toBeUndefined();
    expect(again?.state).toEqual({ ...server.demo!.state, complete: true });
  });

  it('never writes demo data into an embedded database that already holds resources', async () => {
    const neverDemo = loadConfig(env(join(dir, 'imported')));
    expect(await prepareDemo(deps(neverDemo), TODAY)).toBeUndefined();
  });

  it('never seeds PostgreSQL, nor when HEARTH_DEMO_PATIENTS is 0, without even looking at the database', async () => {
    const untouchable = new Proxy({} as Engine, {
      get: () => {
        throw new Error('the database was consulted');
      },
    });
    const repo = createRepository({ db: untouchable, bus: createInProcessBus() });
    const postgres = loadConfig({ ...env(join(dir, 'pg')), DATABASE_URL: 'postgres://db.example/hearth' });
    const off = loadConfig({ ...env(join(dir, 'off')), HEARTH_DEMO_PATIENTS: '0' });
    expect(await prepareDemo({ config: postgres, engine: untouchable, repo }, TODAY)).toBeUndefined();
    expect(await prepareDemo({ config: off, engine: untouchable, repo }, TODAY)).toBeUndefined();
  });
});
