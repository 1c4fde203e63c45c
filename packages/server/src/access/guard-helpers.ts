// The checks the guarded repository makes against the database, through the repository it wraps (so
// they see the same transaction as the interaction they guard).
import { forbidden, notFound, type OperationOutcomeError } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  type AccessContext,
  type Repository,
  type RowCondition,
  type SearchQuery,
} from '../db/repository.types.ts';
import { authorize, type AccessRequest, type Decision, type RowPolicy } from './policy.ts';
import { rowCondition } from './row-sql.ts';

const DENY_ALL: RowCondition = () => 'false';
const ALLOW_ALL: RowCondition = () => 'true';

/** The decision, or the 403 OperationOutcome that says why not. */
export function decide(ctx: AccessContext, request: AccessRequest): RowPolicy | undefined {
  const decision = authorize(ctx, request);
  if (!decision.allowed) throw forbidden(decision.reason);
  return decision.policy;
}

export function conditionOf(decision: Decision, now: Date): RowCondition {
  if (!decision.allowed) return DENY_ALL;
  return decision.policy ? rowCondition(decision.policy, now.toISOString()) : ALLOW_ALL;
}

/** How many current resources of `type` match `query`, within `access` when given. */
export async function countMatches(
  repo: Repository,
  opts: { baseUrl: string; type: string; query: SearchQuery; access?: RowCondition },
): Promise<number> {
  const { access } = opts;
  const bundle = await repo.search(SYSTEM_CONTEXT, opts.type, [...opts.query, ['_summary', 'count']], {
    baseUrl: opts.baseUrl,
    handling: 'strict',
    ...(access ? { access: { match: access, include: access, criteria: access } } : {}),
  });
  return bundle.total ?? 0;
}

/**
 * A resource the caller may not see. Security page (FHIR R4 security.html#AccessDenied) lets a server
 * answer 404 instead of 403 where revealing existence would leak: patients, caregivers and apps get the
 * very 404 an unknown id gets. Practitioners get 403 with the way forward: they may break the glass, and
 * knowing a record exists is part of their work.
 */
export function hidden(ctx: AccessContext, type: string, id: string): OperationOutcomeError {
  if (ctx.user?.role === 'practitioner') {
    return forbidden(
      `${type}/${id} belongs to a patient outside your care relationships. In an emergency, repeat the request with the header X-Break-Glass: <reason>; the access is time-limited, audited and notified to the patient and the privacy officer.`,
    );
  }
  return notFound(`${type}/${id} is not known`);
}

export interface Visibility {
  repo: Repository;
  baseUrl: string;
  now: Date;
}

/** Reads and changes of an existing resource: it must be within the caller's rows. */
export async function assertVisible(
  v: Visibility,
  ctx: AccessContext,
  check: { policy: RowPolicy; type: string; id: string },
): Promise<void> {
  const { type, id, policy } = check;
  const query: SearchQuery = [['_id', id]];
  const access = rowCondition(policy, v.now.toISOString());
  if ((await countMatches(v.repo, { baseUrl: v.baseUrl, type, query, access })) > 0) return;
  // Unknown (or deleted) resources: the same 404 for everyone.
  if ((await countMatches(v.repo, { baseUrl: v.baseUrl, type, query })) === 0) {
    throw notFound(`${type}/${id} is not known`);
  }
  throw hidden(ctx, type, id);
}

/** After a write, inside its transaction: the written resource must be one the caller may write. */
export async function assertWritten(v: Visibility, policy: RowPolicy, resource: Resource): Promise<void> {
  const access = rowCondition(policy, v.now.toISOString());
  const query: SearchQuery = [['_id', resource.id ?? '']];
  const n = await countMatches(v.repo, { baseUrl: v.baseUrl, type: resource.resourceType, query, access });
  if (n === 0) {
    throw forbidden(
      `This ${resource.resourceType} would be outside the records you may write (your patients' compartments and the scopes granted); nothing was saved.`,
    );
  }
}
