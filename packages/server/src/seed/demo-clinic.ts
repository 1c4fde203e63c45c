// Demo mode (issue #4): `hearth start` on an EMPTY embedded database opens on a living clinic —
// HEARTH_DEMO_PATIENTS synthetic patients (default 200; 0 disables) and three demo accounts.
//
// The rule: demo data is written only
//   - to the embedded PGlite database (never when DATABASE_URL is set: that is someone's real database), and
//   - when that database holds no resources at all on the first start, or when a previous demo seeding
//     of this data dir was interrupted (the state file `demo.json` in HEARTH_DATA_DIR says so; seeding is
//     idempotent PUTs, so it resumes by writing the same population again).
// An embedded database that was filled by `hearth import` or by clients is never touched.
//
// `demo.json` (mode 0600, beside the database) keeps the seed, the population's "today" and the demo
// accounts' generated passwords, so every start can print them. They open synthetic data only.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PopulationOptions } from '@hearth/synth';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { applyImportItems } from '../importer/apply-items.ts';
import { exportPage } from '../importer/export-resources.ts';
import { createDemoAccounts, planDemoAccounts, type DemoAccount } from './demo-accounts.ts';
import { seedDatabase, type SeedProgress, type SeedSummary } from './seed-database.ts';

export const DEMO_SEED = 'hearth-demo';

export interface DemoState {
  seed: string;
  /** The population's "today" (ISO date): fixed at the first start so a resumed seeding writes the same data. */
  now: string;
  patients: number;
  complete: boolean;
  accounts: DemoAccount[];
}

export interface DemoDeps {
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'demoPatients' | 'baseUrl'>;
  engine: Engine;
  repo: Repository;
}

const statePath = (dataDir: string) => join(dataDir, 'demo.json');

async function readState(dataDir: string): Promise<DemoState | undefined> {
  try {
    return JSON.parse(await readFile(statePath(dataDir), 'utf8')) as DemoState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeState(dataDir: string, state: DemoState): Promise<void> {
  await writeFile(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function demoPopulation(state: Pick<DemoState, 'seed' | 'now' | 'patients'>): PopulationOptions {
  return { seed: state.seed, patients: state.patients, now: new Date(`${state.now}T00:00:00Z`) };
}

/**
 * The demo this start should show: undefined outside demo mode; the existing state when the demo was
 * seeded before; a new state (accounts created, nothing seeded yet) for an empty embedded database.
 */
export async function prepareDemo(deps: DemoDeps, today: Date): Promise<DemoState | undefined> {
  const { config } = deps;
  if (config.databaseUrl || config.demoPatients === 0) return undefined;
  const existing = await readState(config.dataDir);
  if (existing) {
    if (!existing.complete) await createDemoAccounts(deps.engine, existing.accounts);
    return existing;
  }
  const empty = (await exportPage(deps.engine, { types: [], limit: 1 })).lines.length === 0;
  if (!empty) return undefined;
  const base = { seed: DEMO_SEED, now: today.toISOString().slice(0, 10), patients: config.demoPatients };
  const state: DemoState = { ...base, complete: false, accounts: planDemoAccounts(demoPopulation(base)) };
  await writeState(config.dataDir, state); // first: a crash before the accounts exist resumes, never re-plans
  await createDemoAccounts(deps.engine, state.accounts);
  return state;
}

export interface DemoSeeding {
  /** Resolves when the population is written (or seeding stopped); never rejects. */
  done: Promise<SeedSummary | Error>;
  /** Stops after the batch in flight and waits for it. */
  stop(): Promise<void>;
}

/** Seeds the demo population in the background; marks the state complete when every patient is in. */
export function seedDemo(
  deps: DemoDeps,
  state: DemoState,
  onProgress: (p: SeedProgress) => void,
): DemoSeeding {
  const abort = new AbortController();
  const apply = { repo: deps.repo, ctx: SYSTEM_CONTEXT, baseUrl: `${deps.config.baseUrl}/fhir` };
  const done = seedDatabase({
    population: demoPopulation(state),
    apply: (items) => applyImportItems(apply, items),
    // Small transactions: the server answers between them (PGlite runs on this thread), ~0.1 s apart.
    batchSize: 100,
    signal: abort.signal,
    onProgress,
  })
    .then(async (summary) => {
      if (!summary.interrupted && summary.failed === 0)
        await writeState(deps.config.dataDir, { ...state, complete: true });
      return summary;
    })
    .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  return {
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}
