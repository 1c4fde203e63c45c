import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Engine } from './engine.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-engine.ts';
import { openPostgres } from './postgres-engine.ts';

/** PostgreSQL when DATABASE_URL is set, else embedded PGlite in HEARTH_DATA_DIR/pgdata; migrated. */
export async function openEngine(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Engine> {
  let engine: Engine;
  if (config.databaseUrl) {
    engine = await openPostgres({ url: config.databaseUrl });
  } else {
    await mkdir(config.dataDir, { recursive: true });
    engine = await openPglite(join(config.dataDir, 'pgdata'));
  }
  await migrate(engine);
  return engine;
}
