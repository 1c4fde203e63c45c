// The audit entry of a repository write, appended in the write's own transaction (DESIGN.md §3).
import { forbidden } from '@hearth/fhir';
import type { AccessContext, ChangeEvent } from '../db/repository.types.ts';
import { agentOf, type AuditAction, type AuditEntryInput } from './audit-event.ts';

export type WriteInteraction = 'create' | 'update' | 'patch' | 'delete' | 'batch';

const ACTIONS: Record<WriteInteraction, AuditAction> = {
  create: 'C',
  update: 'U',
  patch: 'U',
  delete: 'D',
  batch: 'U',
};

/**
 * What a write changed, as an audit entry: one entry per repository write call (a bulk put is one
 * entry naming every resource). AuditEvents are written only by the log itself: a client write of one
 * is refused, so nobody can forge or pre-empt an entry through the API.
 */
export function writeAuditEntry(
  ctx: AccessContext,
  interaction: WriteInteraction,
  events: readonly ChangeEvent[],
  recorded: string,
): AuditEntryInput {
  if (events.some((e) => e.resourceType === 'AuditEvent')) {
    throw forbidden('AuditEvent resources are recorded by the server audit log and cannot be written.');
  }
  return {
    recorded,
    interaction,
    action: ACTIONS[interaction],
    status: events.some((e) => e.action === 'create') ? 201 : 200,
    agent: agentOf(ctx),
    breakGlassReason: ctx.breakGlassReason,
    breakGlassGrants: ctx.breakGlassGrants,
    entities: events.map((e) => `${e.resourceType}/${e.id}/_history/${e.versionId}`),
    patients: [...new Set(events.flatMap((e) => e.patientIds))],
  };
}
