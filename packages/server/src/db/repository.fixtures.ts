// Shared setup for the repository's integration tests: a fresh database per engine, a repository with a
// controllable clock, the events it published, and a way to assert on the outcome kind of a failure.
import { OperationOutcomeError, type OutcomeKind } from '@hearth/fhir';
import { createInProcessBus } from '../events/bus.ts';
import type { Engine } from './engine.ts';
import { createRepository } from './repository.ts';
import type { ChangeEvent, Repository } from './repository.types.ts';
import type { OpenTestEngine } from './test-engines.ts';

export interface RepositoryFixture {
  db: Engine;
  repo: Repository;
  events: ChangeEvent[];
  /** Sets the time the next writes are stamped with (real time when unset). */
  setNow(instant: string | undefined): void;
  close(): Promise<void>;
}

export async function openRepository(open: OpenTestEngine): Promise<RepositoryFixture> {
  const db = await open();
  const bus = createInProcessBus();
  const events: ChangeEvent[] = [];
  bus.subscribe((e) => events.push(e));
  let now: string | undefined;
  const repo = createRepository({ db, bus, clock: () => (now ? new Date(now) : new Date()) });
  return {
    db,
    repo,
    events,
    setNow(instant) {
      now = instant;
    },
    async close() {
      await bus.close();
      await db.close();
    },
  };
}

/** The outcome kind a promise rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<OutcomeKind> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.kind;
    throw err;
  }
  throw new Error('expected the call to fail with an OperationOutcome');
}

/** Rows a resource has in a table (resources, resource_history, idx_*). */
export async function countRows(db: Engine, table: string, type: string, id: string): Promise<number> {
  const idColumn = table === 'resources' || table === 'resource_history' ? 'id' : 'resource_id';
  const r = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${table} WHERE resource_type = $1 AND ${idColumn} = $2`,
    [type, id],
  );
  return Number(r.rows[0]?.n ?? 0);
}
