// Alerts as durable state: raising writes Flag + Task (one transaction, as the system); acknowledging and
// escalating by a person go through the repository with their context (so the audit names them); the
// escalation tick passes every overdue Task to the next responder. Nothing lives only in memory: the
// maps here are a cache of the Tasks, rebuilt by `resume()` at start, so a restart resumes escalation.
import { conflict, OperationOutcomeError } from '@hearth/fhir';
import type { Flag, Task } from '@medplum/fhirtypes';
import type { MonitoringConfig } from '../config/config.ts';
import { SYSTEM_CONTEXT, type AccessContext } from '../db/repository.types.ts';
import {
  acknowledgedTask,
  alertFlag,
  alertKey,
  alertStatus,
  alertTask,
  alertView,
  escalationLevel,
  isAlertTask,
  patientOf,
  reassessedTask,
  severityOf,
  withAssignment,
  type Assignment,
} from './alert-resources.ts';
import { moreSevere, type AlertCandidate, type AlertView } from './alert-types.ts';
import { ALERT_RULE_SYSTEM } from './codes.ts';
import { searchAll, type SearchTarget } from './fhir-search.ts';

export interface AlertServiceOptions extends SearchTarget {
  config: Pick<MonitoringConfig, 'escalationMinutes'>;
  clock: () => Date;
  /** The patient's responders in escalation order (care team, then fallback). */
  responders: (patientId: string) => Promise<readonly string[]>;
  patientName: (patientId: string) => string;
  /** Every new or changed alert (WebSocket). */
  publish: (view: AlertView) => void;
  onError: (err: unknown) => void;
}

export interface AlertService {
  /** Loads the open alerts (and those acknowledged in the last 24 h) from their Tasks. */
  resume(): Promise<void>;
  /** A rule fired: a new alert, or a more severe reading of the one already open for the same key. */
  raise(patientId: string, c: AlertCandidate): Promise<void>;
  acknowledge(ctx: AccessContext, taskId: string): Promise<AlertView>;
  escalate(ctx: AccessContext, taskId: string): Promise<AlertView>;
  /** Escalates every alert past its deadline. */
  tick(): Promise<void>;
  /** Re-reads a Task changed elsewhere (e.g. through the FHIR API). */
  refresh(taskId: string): Promise<void>;
  views(): AlertView[];
  openCount(patientId: string): number;
}

const RECENT_MS = 24 * 3600_000;

export function createAlertService(opts: AlertServiceOptions): AlertService {
  const tasks = new Map<string, Task>();
  const openByKey = new Map<string, string>();
  const chains = new Map<string, Promise<void>>();
  const now = () => opts.clock();
  const keyOf = (patientId: string, key: string) => `${patientId}|${key}`;

  function remember(task: Task): AlertView {
    const id = task.id!;
    tasks.set(id, task);
    const k = keyOf(patientOf(task), alertKey(task) ?? id);
    if (alertStatus(task) === 'acknowledged') {
      if (openByKey.get(k) === id) openByKey.delete(k);
    } else openByKey.set(k, id);
    return alertView(task, opts.patientName(patientOf(task)));
  }

  function publish(task: Task): AlertView {
    const view = remember(task);
    opts.publish(view);
    return view;
  }

  async function assignment(patientId: string, level: number): Promise<Assignment> {
    const responders = await opts.responders(patientId);
    const owner = responders[Math.min(level, responders.length - 1)];
    const more = level < responders.length - 1;
    const due = new Date(now().getTime() + opts.config.escalationMinutes * 60_000).toISOString();
    return { owner, level, dueAt: more ? due : undefined };
  }

  /** One raise at a time per patient: a burst of readings over a threshold makes one alert. */
  function serial(patientId: string, fn: () => Promise<void>): Promise<void> {
    const next = (chains.get(patientId) ?? Promise.resolve()).then(fn).catch(opts.onError);
    chains.set(patientId, next);
    void next.then(() => {
      if (chains.get(patientId) === next) chains.delete(patientId);
    });
    return next;
  }

  async function create(patientId: string, c: AlertCandidate): Promise<void> {
    const at = now().toISOString();
    const assigned = await assignment(patientId, 0);
    const task = await opts.repo.withTransaction(async (tx) => {
      const flag = await tx.create<Flag>(SYSTEM_CONTEXT, alertFlag(patientId, c, at));
      const t = alertTask(patientId, c, { flagId: flag.resource.id!, at, assignment: assigned });
      return (await tx.create<Task>(SYSTEM_CONTEXT, t)).resource;
    });
    publish(task);
  }

  async function current(ctx: AccessContext, taskId: string): Promise<Task> {
    const task = (await opts.repo.read(ctx, 'Task', taskId)) as Task;
    if (!isAlertTask(task)) throw conflict(`Task/${taskId} is not a monitoring alert`);
    return task;
  }

  /** Writes `next` over `task` if nobody changed it meanwhile; false when someone did (412). */
  async function replace(ctx: AccessContext, task: Task, next: Task): Promise<Task | undefined> {
    try {
      const opt = task.meta?.versionId ? { ifMatch: task.meta.versionId } : {};
      return (await opts.repo.update<Task>(ctx, next, opt)).resource;
    } catch (err) {
      if (err instanceof OperationOutcomeError && err.kind === 'precondition-failed') return undefined;
      throw err;
    }
  }

  async function escalateOnce(ctx: AccessContext, task: Task, manual: boolean): Promise<Task | undefined> {
    const patientId = patientOf(task);
    const level = escalationLevel(task) + 1;
    const responders = await opts.responders(patientId);
    if (level >= responders.length) {
      if (manual)
        throw conflict('This alert is already with the last responder (the fallback); acknowledge it');
      return undefined;
    }
    const at = now().toISOString();
    const next = withAssignment(
      { ...task, lastModified: at },
      await assignment(patientId, level),
      'escalated',
    );
    return replace(ctx, task, next);
  }

  return {
    async resume() {
      const since = new Date(now().getTime() - RECENT_MS).toISOString();
      const found = await searchAll<Task>(opts, SYSTEM_CONTEXT, 'Task', [
        ['code', `${ALERT_RULE_SYSTEM}|`],
        ['status', 'requested,accepted'],
      ]);
      for (const t of found) {
        if (t.status === 'requested' || (t.lastModified ?? '') >= since) remember(t);
      }
    },
    raise(patientId, c) {
      return serial(patientId, async () => {
        const openId = openByKey.get(keyOf(patientId, c.key));
        const open = openId ? tasks.get(openId) : undefined;
        if (!open) return create(patientId, c);
        if (!moreSevere(c.severity, severityOf(open))) return;
        const updated = await replace(SYSTEM_CONTEXT, open, reassessedTask(open, c, now().toISOString()));
        if (updated) publish(updated);
      });
    },
    async acknowledge(ctx, taskId) {
      for (let attempt = 0; ; attempt++) {
        const task = await current(ctx, taskId);
        if (alertStatus(task) === 'acknowledged') throw conflict('This alert has already been acknowledged');
        const at = now().toISOString();
        const who = ctx.user?.fhirUser ? { reference: ctx.user.fhirUser } : { display: ctx.actor };
        const done = await opts.repo
          .withTransaction(async (tx) => {
            const opt = task.meta?.versionId ? { ifMatch: task.meta.versionId } : {};
            const t = (await tx.update<Task>(ctx, acknowledgedTask(task, who, at), opt)).resource;
            const flagId = (task.focus?.reference ?? '').replace(/^Flag\//, '');
            const flag = (await tx.read(ctx, 'Flag', flagId)) as Flag;
            await tx.update<Flag>(ctx, { ...flag, status: 'inactive', period: { ...flag.period, end: at } });
            return t;
          })
          .catch((err: unknown) => {
            if (attempt < 2 && err instanceof OperationOutcomeError && err.kind === 'precondition-failed')
              return undefined;
            throw err;
          });
        if (done) return publish(done);
      }
    },
    async escalate(ctx, taskId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const task = await current(ctx, taskId);
        if (alertStatus(task) === 'acknowledged') throw conflict('This alert has already been acknowledged');
        const done = await escalateOnce(ctx, task, true);
        if (done) return publish(done);
      }
      throw conflict('The alert changed while escalating it; try again');
    },
    async tick() {
      const nowIso = now().toISOString();
      for (const t of [...tasks.values()]) {
        const due = t.restriction?.period?.end;
        if (alertStatus(t) === 'acknowledged' || due === undefined || Date.parse(due) > Date.parse(nowIso))
          continue;
        try {
          const fresh = await current(SYSTEM_CONTEXT, t.id!);
          const freshDue = fresh.restriction?.period?.end;
          if (
            alertStatus(fresh) === 'acknowledged' ||
            freshDue === undefined ||
            Date.parse(freshDue) > Date.parse(nowIso)
          ) {
            remember(fresh);
            continue;
          }
          const done = await escalateOnce(SYSTEM_CONTEXT, fresh, false);
          if (done) publish(done);
        } catch (err) {
          opts.onError(err);
        }
      }
    },
    async refresh(taskId) {
      const task = await opts.repo.read(SYSTEM_CONTEXT, 'Task', taskId).catch(() => undefined);
      if (!task || !isAlertTask(task as Task)) return;
      const known = tasks.get(taskId);
      if (known?.meta?.versionId === task.meta?.versionId) return;
      publish(task as Task);
    },
    views() {
      const cutoff = now().getTime() - RECENT_MS;
      const out: AlertView[] = [];
      for (const t of tasks.values()) {
        if (alertStatus(t) === 'acknowledged' && Date.parse(t.lastModified ?? '') < cutoff) {
          tasks.delete(t.id!);
          continue;
        }
        out.push(alertView(t, opts.patientName(patientOf(t))));
      }
      return out;
    },
    openCount(patientId) {
      let n = 0;
      for (const t of tasks.values())
        if (patientOf(t) === patientId && alertStatus(t) !== 'acknowledged') n++;
      return n;
    },
  };
}
