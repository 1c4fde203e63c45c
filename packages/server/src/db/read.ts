// read and vread (FHIR R4 http.html#read, #vread). The stored text is the resource as served, so the
// raw path hands it over without a parse/serialise round trip.
import { gone, notFound } from '@hearth/fhir';
import type { Queryable } from './engine.ts';
import type { RawResource } from './repository.types.ts';
import { toInstant } from './versions.ts';

interface VersionRow {
  content: string | null;
  deleted: boolean;
  version_id: string;
  last_updated: string;
}

function raw(row: VersionRow & { content: string }): RawResource {
  return { content: row.content, versionId: row.version_id, lastUpdated: toInstant(row.last_updated) };
}

/** The current version as stored text. Unknown → 404; deleted → 410 (http.html#read). */
export async function readCurrentRaw(q: Queryable, type: string, id: string): Promise<RawResource> {
  const r = await q.query<VersionRow & { content: string }>(
    'SELECT content, deleted, version_id, last_updated FROM resources WHERE resource_type = $1 AND id = $2',
    [type, id],
    { name: 'hearth-read-current' },
  );
  const row = r.rows[0];
  if (!row) throw notFound(`${type}/${id} is not known`);
  if (row.deleted) throw gone(`${type}/${id} was deleted (version ${row.version_id})`);
  return raw(row);
}

/** One version as stored text. Unknown → 404; the version that recorded a delete → 410 (http.html#vread). */
export async function readVersionRaw(
  q: Queryable,
  type: string,
  id: string,
  versionId: string,
): Promise<RawResource> {
  if (!/^[1-9]\d{0,17}$/.test(versionId)) throw notFound(`${type}/${id} has no version ${versionId}`);
  const r = await q.query<VersionRow>(
    `SELECT content, deleted, version_id, last_updated FROM resource_history
     WHERE resource_type = $1 AND id = $2 AND version_id = $3`,
    [type, id, versionId],
    { name: 'hearth-read-version' },
  );
  const row = r.rows[0];
  if (!row) throw notFound(`${type}/${id} has no version ${versionId}`);
  if (row.deleted || row.content === null) throw gone(`Version ${versionId} of ${type}/${id} is a deletion`);
  return raw({ ...row, content: row.content });
}
