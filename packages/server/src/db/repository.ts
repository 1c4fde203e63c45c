// The repository (DESIGN.md §3): the only writer to the database. Every interaction runs in one
// transaction — its own, or the one `withTransaction` opened — and change events go on the bus only
// after that transaction commits.
import { allOk, conflict, OperationOutcomeError } from '@hearth/fhir';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { appendAuditEntries, type AuditEntryInput } from '../audit/append.ts';
import { auditEventHistory, readAuditEvent, vreadAuditEvent } from '../audit/audit-render.ts';
import { searchAuditEvents } from '../audit/audit-search.ts';
import { writeAuditEntry, type WriteInteraction } from '../audit/write-entry.ts';
import type { EventBus } from '../events/bus.ts';
import type { Engine, Queryable } from './engine.ts';
import { createGroupCommit, type GroupCommit, type GroupedOp } from './group-commit.ts';
import { historyBundle } from './history.ts';
import { readCurrentRaw, readVersionRaw } from './read.ts';
import type { AccessContext, ChangeEvent, Repository, WriteResult } from './repository.types.ts';
import {
  assertWritable,
  conditionalDeleteResources,
  conditionalUpdateResource,
  createInput,
  createResource,
  patchResource,
  updateResource,
} from './repository-write.ts';
import { searchResources } from './search/search.ts';
import { putResources, type WriteContext } from './write.ts';
import { deleteResources } from './write-delete.ts';

export interface RepositoryDeps {
  db: Engine;
  bus: EventBus;
  /** The time stamped as meta.lastUpdated; injectable so tests control it. */
  clock?: () => Date;
  /** The server's FHIR base URL: absolute references under it are indexed as local ones. */
  baseUrl?: string;
}

/**
 * The open transaction a bound repository writes in, the events waiting for its commit, and the audit
 * entries of its writes, appended in one statement just before it commits.
 */
interface Transaction {
  q: Queryable;
  events: ChangeEvent[];
  audit: AuditEntryInput[];
}

export function createRepository(deps: RepositoryDeps): Repository {
  const groups = createGroupCommit({
    db: deps.db,
    now: () => (deps.clock ?? (() => new Date()))().toISOString(),
    baseUrl: deps.baseUrl,
    publish: (events) => {
      for (const event of events) deps.bus.publish(event);
    },
    mapError: asConcurrencyConflict,
  });
  return bind(deps, undefined, groups);
}

/** PostgreSQL errors that mean "a concurrent writer got there first", not a server fault. */
const CONCURRENCY_ERRORS = new Set(['23505', '40001', '40P01']);

function asConcurrencyConflict(err: unknown): never {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONCURRENCY_ERRORS.has(code)) {
    throw conflict('A concurrent write changed the same resource; retry the request');
  }
  throw err;
}

function bind(deps: RepositoryDeps, tx: Transaction | undefined, groups?: GroupCommit): Repository {
  const q = tx?.q ?? deps.db;
  const now = () => (deps.clock ?? (() => new Date()))().toISOString();
  const wc = (): WriteContext => ({ now: now(), baseUrl: deps.baseUrl });

  /** Runs fn in the bound transaction, or in a new one whose events are published after commit. */
  async function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (tx) return fn(tx);
    const events: ChangeEvent[] = [];
    const audit: AuditEntryInput[] = [];
    const result = await deps.db
      .transaction(async (t) => {
        const r = await fn({ q: t, events, audit });
        await appendAuditEntries(t, audit);
        return r;
      })
      .catch(asConcurrencyConflict);
    for (const event of events) deps.bus.publish(event);
    return result;
  }

  /**
   * A write: its events join the transaction's only when it succeeds, and its audit entry is appended
   * in the same transaction (DESIGN.md §3: no change without its entry, no entry without its change).
   */
  function write<T>(
    ctx: AccessContext,
    interaction: WriteInteraction,
    fn: (q: Queryable) => Promise<{ result: T; events: ChangeEvent[] }>,
  ): Promise<T> {
    return inTransaction(async (t) => {
      const { result, events } = await fn(t.q);
      t.audit.push(writeAuditEntry(ctx, interaction, events, now()));
      t.events.push(...events);
      return result;
    });
  }

  /**
   * A plain create, update or delete of one resource outside an explicit transaction shares a transaction
   * with the others queued at the same time (group-commit.ts); `undefined` when it must run on its own.
   */
  function grouped(ctx: AccessContext, interaction: WriteInteraction, op: GroupedOp) {
    const type = op.kind === 'put' ? op.input.resource.resourceType : op.key.type;
    // AuditEvents are refused by their audit entry (write-entry.ts): on their own, not failing a group.
    if (!groups || type === 'AuditEvent') return undefined;
    return groups.submit({ op, audit: (events, at) => writeAuditEntry(ctx, interaction, events, at) });
  }

  const repo: Repository = {
    async create(ctx, resource, opts) {
      assertWritable(resource, false);
      const group =
        opts?.ifNoneExist === undefined &&
        grouped(ctx, 'create', { kind: 'put', input: createInput(resource) });
      if (group) return (await group).result as WriteResult<typeof resource>;
      return write(ctx, 'create', (t) => createResource(t, resource, wc(), opts?.ifNoneExist));
    },
    async read(ctx, type, id) {
      return JSON.parse((await repo.readRaw(ctx, type, id)).content) as Resource;
    },
    // AuditEvents are the audit log's sealed entries, rendered on demand (audit/audit-render.ts).
    readRaw: (_ctx, type, id) =>
      type === 'AuditEvent' ? readAuditEvent(q, id) : readCurrentRaw(q, type, id),
    async vread(_ctx, type, id, versionId) {
      if (type === 'AuditEvent') return vreadAuditEvent(q, id, versionId);
      return JSON.parse((await readVersionRaw(q, type, id, versionId)).content) as Resource;
    },
    async update(ctx, resource, opts) {
      assertWritable(resource, true);
      const input = { resource, method: 'PUT' as const, ifMatch: opts?.ifMatch };
      const group = grouped(ctx, 'update', { kind: 'put', input });
      if (group) return (await group).result as WriteResult<typeof resource>;
      return write(ctx, 'update', (t) => updateResource(t, resource, wc(), opts?.ifMatch));
    },
    async putMany(ctx, resources) {
      for (const resource of resources) assertWritable(resource, true);
      return write(ctx, 'batch', async (t) => {
        const { results, events } = await putResources(
          t,
          resources.map((resource) => ({ resource, method: 'PUT' })),
          wc(),
        );
        return { result: results, events };
      });
    },
    async conditionalUpdate(ctx, resource, query) {
      assertWritable(resource, false);
      return write(ctx, 'update', (t) => conditionalUpdateResource(t, resource, query, wc()));
    },
    patch(ctx, type, id, ops, opts) {
      return write(ctx, 'patch', (t) => patchResource(t, { type, id, ops, ifMatch: opts?.ifMatch }, wc()));
    },
    async delete(ctx, type, id) {
      const group = grouped(ctx, 'delete', { kind: 'delete', key: { type, id } });
      if (group) {
        await group;
        return;
      }
      await write(ctx, 'delete', async (t) => ({
        result: null,
        events: await deleteResources(t, [{ type, id }], now()),
      }));
    },
    conditionalDelete(ctx, type, query) {
      return write(ctx, 'delete', async (t) => {
        const events = await conditionalDeleteResources(t, type, query, now());
        return { result: events.length, events };
      });
    },
    search: (ctx, type, query, opts) =>
      type === 'AuditEvent' ? searchAuditEvents(q, query, opts) : searchResources(q, ctx, type, query, opts),
    history: (_ctx, type, id, opts) =>
      type === 'AuditEvent' && id !== undefined
        ? auditEventHistory(q, id, opts)
        : historyBundle(q, { type, id }, opts),
    withTransaction(fn) {
      return inTransaction((t) => fn(tx ? repo : bind(deps, t), t.q));
    },
    validate: validateResource,
  };
  return repo;
}

/** $validate (FHIR R4 resource-operation-validate): the outcome instead of a thrown error. */
function validateResource(resource: unknown, mode?: 'create' | 'update' | 'delete'): OperationOutcome {
  try {
    if (mode !== 'delete') assertWritable(resource, mode === 'update');
    return allOk();
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome;
    throw err;
  }
}
