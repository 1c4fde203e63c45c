// Group commit for single writes. Each write of its own (a create, update or delete outside an explicit
// transaction) used to pay BEGIN, its statement, its audit INSERT and COMMIT: four round trips, of which
// only one does the write. Writes that arrive while others are queued share one transaction instead:
// their puts go in one batched statement (write.ts), their deletes in another, their audit entries (one
// per write, as before) in one INSERT, then one COMMIT, and only then is each caller answered and are the
// change events published. Every write was validated and authorized on its own before it got here.
//
// All-or-nothing per write is kept: if the shared transaction fails (an If-Match that no longer holds, a
// concurrent writer's conflict), it rolls back as a whole and each of its writes is run again alone
// in a transaction of its own, so only the write at fault fails and the others commit as if they had
// never met.
import { appendAuditEntries, type AuditEntryInput } from '../audit/append.ts';
import type { Engine, Queryable } from './engine.ts';
import type { ChangeEvent, WriteResult } from './repository.types.ts';
import { keyOf, type ResourceKey } from './versions.ts';
import { putResources, type PutInput, type WriteContext } from './write.ts';
import { deleteResources } from './write-delete.ts';

/** One write as the group runs it: a put (create or update) or a delete. */
export type GroupedOp = { kind: 'put'; input: PutInput } | { kind: 'delete'; key: ResourceKey };

export interface GroupedWrite {
  op: GroupedOp;
  /** The write's audit entry, from the change events it made. */
  audit: (events: readonly ChangeEvent[], recorded: string) => AuditEntryInput;
}

export interface GroupCommitDeps {
  db: Engine;
  now: () => string;
  baseUrl?: string;
  publish: (events: readonly ChangeEvent[]) => void;
  /** Turns a database error into the caller's error (e.g. a concurrency conflict into a 409). */
  mapError: (err: unknown) => never;
  /** Groups in flight at once; the next group forms while they commit. */
  maxInFlight?: number;
  /** Writes per group at most. */
  maxGroup?: number;
}

export interface GroupedOutcome {
  /** The put's result; undefined for a delete. */
  result?: WriteResult;
  events: ChangeEvent[];
}

interface Pending {
  write: GroupedWrite;
  key: string;
  resolve: (outcome: GroupedOutcome) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommit {
  submit(write: GroupedWrite): Promise<GroupedOutcome>;
}

function keyOfOp(op: GroupedOp): string {
  return op.kind === 'put'
    ? keyOf(op.input.resource.resourceType, op.input.resource.id!)
    : keyOf(op.key.type, op.key.id);
}

export function createGroupCommit(deps: GroupCommitDeps): GroupCommit {
  const maxInFlight = deps.maxInFlight ?? 2;
  const maxGroup = deps.maxGroup ?? 200;
  const queue: Pending[] = [];
  let inFlight = 0;
  /** Resources written by the groups in flight: their next writes wait, so each resource's go in order. */
  const busy = new Set<string>();
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every request read in the same turn joins.
    setImmediate(() => {
      scheduled = false;
      if (inFlight >= maxInFlight) return;
      const group = takeGroup();
      if (group.length === 0) return;
      inFlight++;
      for (const p of group) busy.add(p.key);
      void run(group).finally(() => {
        inFlight--;
        for (const p of group) busy.delete(p.key);
        schedule();
      });
      schedule();
    });
  }

  /**
   * The oldest queued writes, at most one per resource and none of a resource a group in flight writes (a
   * later write of it waits for a later group).
   */
  function takeGroup(): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && group.length < maxGroup;) {
      const p = queue[i]!;
      if (keys.has(p.key) || busy.has(p.key)) {
        i++;
        continue;
      }
      keys.add(p.key);
      group.push(p);
      queue.splice(i, 1);
    }
    return group;
  }

  async function run(group: readonly Pending[]): Promise<void> {
    try {
      const outcomes = await commit(group);
      group.forEach((p, i) => {
        p.resolve(outcomes[i]!);
      });
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      // Rolled back as a whole: each write again alone, so only the one at fault fails.
      await Promise.all(
        group.map((p) =>
          commit([p]).then(([o]) => {
            p.resolve(o!);
          }, p.reject),
        ),
      );
    }
  }

  /** One transaction for the group; its events are published once it has committed. */
  async function commit(group: readonly Pending[]): Promise<GroupedOutcome[]> {
    const writes = group.map((p) => p.write);
    const outcomes = await deps.db
      .transaction((q) => writeGroup(q, writes))
      .catch((err: unknown) => deps.mapError(err));
    deps.publish(outcomes.flatMap((o) => o.events));
    return outcomes;
  }

  async function writeGroup(q: Queryable, writes: readonly GroupedWrite[]): Promise<GroupedOutcome[]> {
    const now = deps.now();
    const wc: WriteContext = { now, baseUrl: deps.baseUrl };
    const puts = writes.flatMap((w) => (w.op.kind === 'put' ? [w.op.input] : []));
    const deletes = writes.flatMap((w) => (w.op.kind === 'delete' ? [w.op.key] : []));
    const put = await putResources(q, puts, wc);
    const deleted = await deleteResources(q, deletes, now);
    const eventsByKey = new Map<string, ChangeEvent>();
    for (const e of [...put.events, ...deleted]) eventsByKey.set(keyOf(e.resourceType, e.id), e);
    let nextPut = 0;
    const outcomes = writes.map((w): GroupedOutcome => {
      const event = eventsByKey.get(keyOfOp(w.op));
      const events = event ? [event] : [];
      return w.op.kind === 'put' ? { result: put.results[nextPut++]!, events } : { events };
    });
    const entries: AuditEntryInput[] = writes.map((w, i) => w.audit(outcomes[i]!.events, now));
    await appendAuditEntries(q, entries);
    return outcomes;
  }

  return {
    submit(write) {
      return new Promise<GroupedOutcome>((resolve, reject) => {
        queue.push({ write, key: keyOfOp(write.op), resolve, reject });
        schedule();
      });
    },
  };
}
