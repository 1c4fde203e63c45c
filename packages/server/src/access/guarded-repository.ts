// Enforcement in one place (DESIGN.md §3): a Repository that authorizes every interaction before it
// delegates. HTTP routes, batch and transaction entries, operations ($everything, $validate) and
// in-process callers all go through the repository, so all go through this. Row filtering happens in
// SQL (SearchOptions.access), so paging and totals count only what the caller may see.
// system/*.* callers (importer, jobs, backend services) take the fast path: no extra SQL.
import { forbidden, notFound } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/engine.ts';
import {
  SYSTEM_CONTEXT,
  type AccessContext,
  type Repository,
  type SearchQuery,
} from '../db/repository.types.ts';
import { grantBreakGlass, type BreakGlassOptions } from './break-glass.ts';
import {
  assertVisible,
  assertWritten,
  conditionOf,
  countMatches,
  decide,
  hidden,
  type Visibility,
} from './guard-helpers.ts';
import { authorize, type Decision, type Interaction, type RowPolicy } from './policy.ts';
import { patientSetSql, rowCondition } from './row-sql.ts';
import { assertCriteriaSearchable } from './search-criteria.ts';
import { versionJudge } from './version-visibility.ts';
import { SqlParams } from '../db/search/sql-params.ts';

export interface AccessControlDeps {
  /** The engine, for break-the-glass grants (recorded outside any data transaction). */
  db: Queryable;
  /** FHIR base URL, for the repository's own count searches. */
  baseUrl: string;
  clock?: () => Date;
  breakGlass: BreakGlassOptions;
}

export function withAccessControl(repo: Repository, deps: AccessControlDeps): Repository {
  return guard(repo, deps, false);
}

function guard(inner: Repository, deps: AccessControlDeps, inTransaction: boolean): Repository {
  const now = () => (deps.clock ?? (() => new Date()))();
  const vis = (repo: Repository): Visibility => ({ repo, baseUrl: deps.baseUrl, now: now() });

  /**
   * X-Break-Glass: a grant for each patient the request opens that the caller cannot see yet. Checked
   * before `patients` is resolved: nothing may query the engine beside an open transaction.
   */
  async function breakGlass(ctx: AccessContext, patients: () => Promise<readonly string[]>): Promise<void> {
    if (ctx.breakGlassReason === undefined) return;
    if (ctx.user?.role !== 'practitioner') {
      throw forbidden('Only practitioners may break the glass (X-Break-Glass).');
    }
    if (inTransaction) {
      throw forbidden('Break the glass with a request of its own, not inside a transaction Bundle.');
    }
    const policy = decide(ctx, { interaction: 'read', type: 'Patient' });
    if (!policy) return;
    for (const patientId of await patients()) {
      const base = { baseUrl: deps.baseUrl, type: 'Patient', query: [['_id', patientId]] as SearchQuery };
      const access = rowCondition(policy, now().toISOString());
      if ((await countMatches(inner, { ...base, access })) > 0) continue;
      if ((await countMatches(inner, base)) === 0) continue;
      const grant = { db: deps.db, repo: inner, ctx, patientId, now: now(), options: deps.breakGlass };
      await grantBreakGlass(grant);
    }
  }

  /** The patients whose record an instance belongs to (the patient itself, or its compartments). */
  async function patientsOf(type: string, id: string): Promise<string[]> {
    if (type === 'Patient') return [id];
    const rows = await deps.db.query<{ patient_id: string }>(
      'SELECT patient_id FROM idx_compartment WHERE resource_type = $1 AND resource_id = $2',
      [type, id],
    );
    return rows.rows.map((r) => r.patient_id);
  }

  /**
   * A practitioner's patients (panel and break-the-glass grants) computed once per request, so every
   * statement of the request takes them as one array parameter instead of re-deriving the panel — which
   * a planner misled by row estimates may do once per candidate row. Inside a transaction the engine is
   * busy with it, so the set stays a subquery there.
   */
  async function materialize(policy: RowPolicy | undefined): Promise<RowPolicy | undefined> {
    const role = policy?.role;
    if (!policy || inTransaction || role === undefined || role === 'no-individual' || role.kind === 'ids') {
      return policy;
    }
    const p = new SqlParams();
    const set = patientSetSql(role, now().toISOString(), p);
    const rows = set
      ? (await deps.db.query<{ id: string }>(`SELECT DISTINCT s.id FROM (${set}) AS s(id)`, p.values)).rows
      : [];
    return { ...policy, role: { kind: 'ids', ids: rows.map((r) => r.id) } };
  }

  const decideNow = async (ctx: AccessContext, request: Parameters<typeof decide>[1]) =>
    materialize(decide(ctx, request));

  /**
   * Allowed with no row policy and no break-the-glass request: such a caller may change any instance, so
   * whether it exists or whose it is needs no query (403 when the scopes refuse the interaction).
   */
  const unrestricted = (ctx: AccessContext, request: { interaction: Interaction; type: string }) =>
    decide(ctx, request) === undefined && ctx.breakGlassReason === undefined;

  const exists = async (type: string, id: string) =>
    (await countMatches(inner, { baseUrl: deps.baseUrl, type, query: [['_id', id]] })) > 0;

  /** An existing instance the caller reads or changes: scopes, break-the-glass, then its row. */
  async function instance(
    ctx: AccessContext,
    request: { interaction: Interaction; type: string; id: string },
  ): Promise<RowPolicy | undefined> {
    const { type, id } = request;
    decide(ctx, { interaction: request.interaction, type });
    await breakGlass(ctx, () => patientsOf(type, id));
    const policy = await decideNow(ctx, { interaction: request.interaction, type });
    if (policy) await assertVisible(vis(inner), ctx, { policy, type, id });
    return policy;
  }

  /** vread and instance history: scopes and break-the-glass; the versions are judged one by one. */
  async function versionPolicy(
    ctx: AccessContext,
    request: { interaction: Interaction; type: string; id: string },
  ): Promise<RowPolicy | undefined> {
    decide(ctx, { interaction: request.interaction, type: request.type });
    await breakGlass(ctx, () => patientsOf(request.type, request.id));
    return decideNow(ctx, { interaction: request.interaction, type: request.type });
  }

  /** What a caller who may see no version of an instance gets: 404, or 403 for practitioners. */
  const refusal = async (ctx: AccessContext, type: string, id: string) =>
    (await exists(type, id)) ? hidden(ctx, type, id) : notFound(`${type}/${id} is not known`);

  /**
   * The version ids of an instance the caller may see (version-visibility.ts), read page by page from
   * the history; a deletion is listed when some version with content is.
   */
  async function visibleVersions(policy: RowPolicy, type: string, id: string): Promise<string[]> {
    const judge = await versionJudge({ repo: inner, baseUrl: deps.baseUrl, now: now(), policy, type, id });
    const visible: string[] = [];
    const deletions: string[] = [];
    let page: string | undefined;
    do {
      const opts = { baseUrl: deps.baseUrl, count: 1000, ...(page ? { page } : {}) };
      const bundle = await inner.history(SYSTEM_CONTEXT, type, id, opts);
      for (const entry of bundle.entry ?? []) {
        const version = /"(\d+)"/.exec(entry.response?.etag ?? '')?.[1];
        if (version === undefined) continue;
        if (!entry.resource) deletions.push(version);
        else if (await judge(entry.resource)) visible.push(version);
      }
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      page = next ? (new URL(next).searchParams.get('_page') ?? undefined) : undefined;
    } while (page !== undefined);
    return visible.length > 0 ? [...visible, ...deletions] : [];
  }

  /** A write: in one transaction with the check of what was written, so a refused write leaves nothing. */
  function checkedWrite<T extends { resource: Resource; created: boolean }>(
    ctx: AccessContext,
    policy: RowPolicy,
    write: (tx: Repository) => Promise<T>,
  ): Promise<T> {
    return inner.withTransaction(async (tx) => {
      const result = await write(tx);
      if (result.created) decide(ctx, { interaction: 'create', type: result.resource.resourceType });
      await assertWritten(vis(tx), policy, result.resource);
      return result;
    });
  }

  /** A conditional write may only touch matches the caller may see (else it would act on hidden rows). */
  async function assertAllMatchesVisible(
    tx: Repository,
    opts: { policy: RowPolicy; type: string; query: SearchQuery },
  ): Promise<void> {
    const base = { baseUrl: deps.baseUrl, type: opts.type, query: opts.query };
    const access = rowCondition(opts.policy, now().toISOString());
    if ((await countMatches(tx, base)) !== (await countMatches(tx, { ...base, access }))) {
      throw forbidden('The condition matches resources outside the records you may change.');
    }
  }

  const repo: Repository = {
    async create(ctx, resource, opts) {
      const policy = await decideNow(ctx, { interaction: 'create', type: resource.resourceType });
      if (!policy) return inner.create(ctx, resource, opts);
      return checkedWrite(ctx, policy, (tx) => tx.create(ctx, resource, opts));
    },
    async readRaw(ctx, type, id) {
      const raw = await inner.readRaw(ctx, type, id);
      await instance(ctx, { interaction: 'read', type, id });
      return raw;
    },
    async read(ctx, type, id) {
      return JSON.parse((await repo.readRaw(ctx, type, id)).content) as Resource;
    },
    async vread(ctx, type, id, versionId) {
      const resource = await inner.vread(ctx, type, id, versionId);
      const policy = await versionPolicy(ctx, { interaction: 'vread', type, id });
      if (!policy) return resource;
      const judge = await versionJudge({ repo: inner, baseUrl: deps.baseUrl, now: now(), policy, type, id });
      if (!(await judge(resource))) throw await refusal(ctx, type, id);
      return resource;
    },
    async update(ctx, resource, opts) {
      const type = resource.resourceType;
      const { id } = resource;
      // Update-as-create is a create (http.html#upsert): without the create permission a caller may only
      // change an instance that exists. Only such callers pay the lookup.
      if (!authorize(ctx, { interaction: 'create', type }).allowed) {
        if (id === undefined || !(await exists(type, id))) decide(ctx, { interaction: 'create', type });
      }
      // Unrestricted callers (system/*.* backends, the importer) need no lookup of the existing row.
      if (unrestricted(ctx, { interaction: 'update', type })) return inner.update(ctx, resource, opts);
      const policy =
        id !== undefined && (await exists(type, id))
          ? await instance(ctx, { interaction: 'update', type, id })
          : await decideNow(ctx, { interaction: 'update', type });
      if (!policy) return inner.update(ctx, resource, opts);
      return checkedWrite(ctx, policy, (tx) => tx.update(ctx, resource, opts));
    },
    async putMany(ctx, resources) {
      const policies = new Map<string, RowPolicy | undefined>();
      for (const type of new Set(resources.map((r) => r.resourceType))) {
        decide(ctx, { interaction: 'create', type });
        policies.set(type, await decideNow(ctx, { interaction: 'update', type }));
      }
      if ([...policies.values()].every((p) => p === undefined)) return inner.putMany(ctx, resources);
      return inner.withTransaction(async (tx) => {
        const results = await tx.putMany(ctx, resources);
        for (const r of results) {
          const policy = policies.get(r.resource.resourceType);
          if (policy) await assertWritten(vis(tx), policy, r.resource);
        }
        return results;
      });
    },
    async conditionalUpdate(ctx, resource, query) {
      const type = resource.resourceType;
      const policy = await decideNow(ctx, { interaction: 'update', type });
      if (!policy && authorize(ctx, { interaction: 'create', type }).allowed) {
        return inner.conditionalUpdate(ctx, resource, query);
      }
      if (!policy) {
        // No match would create: refused, in the same transaction, to a caller who may not create.
        return inner.withTransaction(async (tx) => {
          const result = await tx.conditionalUpdate(ctx, resource, query);
          if (result.created) decide(ctx, { interaction: 'create', type });
          return result;
        });
      }
      return checkedWrite(ctx, policy, async (tx) => {
        await assertAllMatchesVisible(tx, { policy, type, query });
        return tx.conditionalUpdate(ctx, resource, query);
      });
    },
    async patch(ctx, type, id, ops, opts) {
      const policy = await instance(ctx, { interaction: 'update', type, id });
      if (!policy) return inner.patch(ctx, type, id, ops, opts);
      return checkedWrite(ctx, policy, (tx) => tx.patch(ctx, type, id, ops, opts));
    },
    async delete(ctx, type, id) {
      if (unrestricted(ctx, { interaction: 'delete', type })) return inner.delete(ctx, type, id);
      if (await exists(type, id)) await instance(ctx, { interaction: 'delete', type, id });
      return inner.delete(ctx, type, id);
    },
    async conditionalDelete(ctx, type, query) {
      const policy = await decideNow(ctx, { interaction: 'delete', type });
      if (!policy) return inner.conditionalDelete(ctx, type, query);
      return inner.withTransaction(async (tx) => {
        await assertAllMatchesVisible(tx, { policy, type, query });
        return tx.conditionalDelete(ctx, type, query);
      });
    },
    async search(ctx, type, query, opts) {
      const summaries = query.filter(([k]) => k === '_summary').map(([, v]) => v);
      const aggregate = summaries.length > 0 && summaries.every((v) => v === 'count');
      decide(ctx, { interaction: 'search', type, aggregate });
      assertCriteriaSearchable(ctx, { type, query, baseUrl: deps.baseUrl, aggregate });
      const compartment = opts.compartment;
      if (compartment) await breakGlass(ctx, () => Promise.resolve([compartment.id]));
      const match = authorize(ctx, { interaction: 'search', type, aggregate });
      const include = authorize(ctx, { interaction: 'read', type: undefined, aggregate });
      const criteria = authorize(ctx, { interaction: 'search', type: undefined, aggregate });
      const open = [match, include, criteria].every((d) => d.allowed && d.policy === undefined);
      if (open) return inner.search(ctx, type, query, opts);
      // The three decisions share the caller's role: its patients are computed once.
      const sample = [match, include, criteria].find((d) => d.allowed && d.policy !== undefined);
      const role = (await materialize(sample?.allowed ? sample.policy : undefined))?.role;
      const withRole = (d: Decision): Decision =>
        d.allowed && d.policy ? { allowed: true, policy: { ...d.policy, role } } : d;
      const at = now();
      const access = {
        match: conditionOf(withRole(match), at),
        include: conditionOf(withRole(include), at),
        criteria: conditionOf(withRole(criteria), at),
      };
      return inner.search(ctx, type, query, { ...opts, access });
    },
    async history(ctx, type, id, opts) {
      if (type !== undefined && id !== undefined) {
        const policy = await versionPolicy(ctx, { interaction: 'history-instance', type, id });
        if (!policy) return inner.history(ctx, type, id, opts);
        const versions = await visibleVersions(policy, type, id);
        if (versions.length === 0) throw await refusal(ctx, type, id);
        return inner.history(ctx, type, id, { ...opts, versions });
      }
      const policy = await decideNow(ctx, { interaction: 'history', type });
      return inner.history(
        ctx,
        type,
        id,
        policy ? { ...opts, access: rowCondition(policy, now().toISOString()) } : opts,
      );
    },
    withTransaction(fn) {
      return inner.withTransaction((tx, q) => fn(guard(tx, deps, true), q));
    },
    validate: (resource, mode) => inner.validate(resource, mode),
  };
  return repo;
}
