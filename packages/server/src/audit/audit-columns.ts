// What AuditEvent search reads of an entry without rendering it (migration 0019): a few typed columns
// on the log row, and the patients whose compartment the entry is in. They mirror what toAuditEvent
// (audit-event.ts) puts in the AuditEvent: outcome, subtype, action, the person agent's reference,
// altId and network address, and entity.what references (versions dropped, patients included).
import type { AuditEvent } from '@medplum/fhirtypes';
import { COMPACT_FORMAT, outcomeCode, type AuditEntryInput } from './audit-event.ts';

export interface SearchColumns {
  outcome: string;
  subtype: string;
  action: string;
  agent: string | null;
  altid: string | null;
  address: string | null;
  entities: string[];
}

const LOGIN_CODES: Readonly<Record<string, string>> = { login: '110122', logout: '110123' };

const withoutVersion = (ref: string) => ref.replace(/\/_history\/.*$/, '');

export function searchColumns(e: Omit<AuditEntryInput, 'breakGlassGrants'>): SearchColumns {
  const patients = [...new Set(e.patients ?? [])].map((id) => `Patient/${id}`);
  return {
    outcome: outcomeCode(e.status) ?? '0',
    subtype: LOGIN_CODES[e.interaction] ?? e.interaction,
    action: e.action,
    agent: e.agent.fhirUser ?? null,
    altid: e.agent.userId ?? null,
    address: e.agent.sourceIp ?? null,
    entities: [...new Set([...(e.entities ?? []).map(withoutVersion), ...patients])],
  };
}

/**
 * The patients whose compartment an entry is in: the AuditEvent `patient` parameter
 * (`agent.who.where(resolve() is Patient) | entity.what.where(resolve() is Patient)`), for a compact
 * entry or one stored as AuditEvent JSON before migration 0019.
 */
export function compartmentOf(stored: Record<string, unknown>): string[] {
  const refs: string[] = [];
  if (stored.format === COMPACT_FORMAT) {
    const e = stored as unknown as AuditEntryInput;
    if (e.agent.fhirUser) refs.push(e.agent.fhirUser);
    refs.push(...(e.entities ?? []));
    for (const id of e.patients ?? []) refs.push(`Patient/${id}`);
  } else {
    const event = stored as unknown as AuditEvent;
    for (const a of event.agent ?? []) if (a.who?.reference) refs.push(a.who.reference);
    for (const x of event.entity ?? []) if (x.what?.reference) refs.push(x.what.reference);
  }
  const ids = refs.filter((r) => r.startsWith('Patient/')).map((r) => withoutVersion(r).slice(8));
  return [...new Set(ids)];
}
