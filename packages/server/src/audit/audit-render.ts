// The FHIR view of the log (migration 0019): an AuditEvent is rendered from its sealed entry when it is
// read or searched, never stored as a resource. Its id is the leaf index; there is one version, last
// updated when it was recorded. Entries sealed before 0019 are stored as AuditEvent JSON already.
import { notFound } from '@hearth/fhir';
import type { AuditEvent, Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { Queryable } from '../db/engine.ts';
import type { HistoryOptions, RawResource } from '../db/repository.types.ts';
import { weakEtag } from '../db/versions.ts';
import { COMPACT_FORMAT, toAuditEvent, type CompactEntry } from './audit-event.ts';

/** The AuditEvent of a sealed entry (its stored leaf bytes). */
export function renderAuditEvent(stored: string): AuditEvent {
  const parsed = JSON.parse(stored) as (CompactEntry & { id: string }) | AuditEvent;
  const event: AuditEvent =
    'format' in parsed && parsed.format === COMPACT_FORMAT
      ? { ...toAuditEvent(parsed), id: parsed.id }
      : (parsed as AuditEvent);
  const { resourceType, id, ...rest } = event;
  return { resourceType, id, meta: { versionId: '1', lastUpdated: event.recorded }, ...rest };
}

/** The AuditEvent as JSON text, the form searches and reads serve. */
export const renderedContent = (stored: string): string => JSON.stringify(renderAuditEvent(stored));

const LEAF_ID = /^(0|[1-9]\d{0,15})$/;

/** read (http.html#read): AuditEvent/<leaf index>; 404 for anything the log has not sealed. */
export async function readAuditEvent(q: Queryable, id: string): Promise<RawResource> {
  const row = LEAF_ID.test(id)
    ? (await q.query<{ entry: string }>('SELECT entry FROM audit_entries WHERE leaf_index = $1', [id]))
        .rows[0]
    : undefined;
  if (!row) throw notFound(`AuditEvent/${id} is not known`);
  const event = renderAuditEvent(row.entry);
  return { content: JSON.stringify(event), versionId: '1', lastUpdated: event.recorded };
}

/** vread: an entry has exactly one version, `1`. */
export async function vreadAuditEvent(q: Queryable, id: string, versionId: string): Promise<AuditEvent> {
  if (versionId !== '1') throw notFound(`AuditEvent/${id} has no version ${versionId}`);
  return JSON.parse((await readAuditEvent(q, id)).content) as AuditEvent;
}

/** Instance history (http.html#history): the entry's one version, unless `versions` leaves it out. */
export async function auditEventHistory(q: Queryable, id: string, opts: HistoryOptions): Promise<Bundle> {
  const raw = await readAuditEvent(q, id);
  const listed =
    (opts.versions === undefined || opts.versions.includes('1')) &&
    (opts.since === undefined || raw.lastUpdated >= new Date(opts.since).toISOString());
  const entry: BundleEntry = {
    fullUrl: `${opts.baseUrl}/AuditEvent/${id}`,
    resource: JSON.parse(raw.content) as AuditEvent,
    request: { method: 'POST', url: 'AuditEvent' },
    response: { status: '201 Created', etag: weakEtag('1'), lastModified: raw.lastUpdated },
  };
  return {
    resourceType: 'Bundle',
    type: 'history',
    total: listed ? 1 : 0,
    link: [{ relation: 'self', url: `${opts.baseUrl}/AuditEvent/${id}/_history` }],
    entry: listed ? [entry] : [],
  };
}
