// history at instance, type and system level (FHIR R4 http.html#history): a Bundle of type `history`,
// newest version first, deletions as entries without a resource. Paging is a keyset cursor on
// (last_updated, resource_type, id, version_id), so deep pages cost the same as the first.
import { badRequest, dateRange, notFound } from '@hearth/fhir';
import type { Bundle, BundleEntry, BundleLink } from '@medplum/fhirtypes';
import type { Queryable } from './engine.ts';
import type { HistoryOptions } from './repository.types.ts';
import { SqlParams } from './search/sql-params.ts';
import { toInstant, weakEtag, type VersionMethod } from './versions.ts';

const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;

export interface HistoryScope {
  type?: string;
  id?: string;
}

interface HistoryRow {
  resource_type: string;
  id: string;
  version_id: string;
  last_updated: string;
  method: VersionMethod;
  content: string | null;
}

type Cursor = [lastUpdated: string, type: string, id: string, versionId: string];

function encodeCursor(row: HistoryRow): string {
  const cursor: Cursor = [row.last_updated, row.resource_type, row.id, row.version_id];
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(page: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(page, 'base64url').toString()) as unknown;
    if (Array.isArray(cursor) && cursor.length === 4 && cursor.every((c) => typeof c === 'string')) {
      return cursor as Cursor;
    }
  } catch {
    // fall through: not a cursor this server issued
  }
  throw badRequest('Unknown history page cursor', '_page');
}

function instantRange(value: string, name: string): { low: string; high: string } {
  const range = dateRange(value);
  if (!range) throw badRequest(`${name} must be a FHIR instant or dateTime with a time zone`, name);
  return range;
}

/** SQL filters for the scope, `_since` (versions at or after the instant) and `_at`. */
function filters(scope: HistoryScope, opts: HistoryOptions, params: SqlParams): string[] {
  const p = (v: unknown) => params.add(v);
  const where: string[] = [];
  if (opts.access) {
    // Versions are listed only for resources whose current row the caller may see (compartment and
    // access are indexed on the current version), and only those in the current row's compartment: a
    // version from another patient's record is judged on its own, through instance history or vread.
    where.push(
      `EXISTS (SELECT 1 FROM resources a WHERE a.resource_type = h.resource_type AND a.id = h.id AND a.patient_id IS NOT DISTINCT FROM h.patient_id AND ${opts.access('a', scope.type, params)})`,
    );
  }
  if (opts.versions) where.push(`h.version_id = ANY(${p(opts.versions)}::bigint[])`);
  if (scope.type) where.push(`h.resource_type = ${p(scope.type)}`);
  if (scope.id) where.push(`h.id = ${p(scope.id)}`);
  if (opts.since) where.push(`h.last_updated >= ${p(instantRange(opts.since, '_since').low)}`);
  if (opts.at) {
    // _at: versions that were current at some point during the value's period — made before its end
    // and not replaced by a later version made before its start.
    const at = instantRange(opts.at, '_at');
    where.push(`h.last_updated <= ${p(at.high)}`);
    where.push(`NOT EXISTS (SELECT 1 FROM resource_history n WHERE n.resource_type = h.resource_type
      AND n.id = h.id AND n.version_id > h.version_id AND n.last_updated <= ${p(at.low)})`);
  }
  return where;
}

function entry(row: HistoryRow, baseUrl: string): BundleEntry {
  const path = `${row.resource_type}/${row.id}`;
  const status =
    row.method === 'DELETE' ? '204 No Content' : row.version_id === '1' ? '201 Created' : '200 OK';
  return {
    fullUrl: `${baseUrl}/${path}`,
    ...(row.content === null ? {} : { resource: JSON.parse(row.content) as BundleEntry['resource'] }),
    request: { method: row.method, url: row.method === 'POST' ? row.resource_type : path },
    response: { status, etag: weakEtag(row.version_id), lastModified: toInstant(row.last_updated) },
  };
}

function link(
  relation: string,
  scope: HistoryScope,
  opts: HistoryOptions,
  count: number,
  page?: string,
): BundleLink {
  const path = [scope.type, scope.id, '_history'].filter((s) => s !== undefined).join('/');
  const query = new URLSearchParams({ _count: String(count) });
  if (opts.since) query.set('_since', opts.since);
  if (opts.at) query.set('_at', opts.at);
  if (page) query.set('_page', page);
  return { relation, url: `${opts.baseUrl}/${path}?${query.toString()}` };
}

async function instanceTotal(
  q: Queryable,
  scope: HistoryScope,
  where: string[],
  params: unknown[],
): Promise<number> {
  const r = await q.query<{ n: string }>(
    `SELECT count(*) AS n FROM resource_history h WHERE ${where.join(' AND ')}`,
    params,
  );
  const total = Number(r.rows[0]?.n ?? 0);
  if (total === 0) {
    const known = await q.query('SELECT 1 FROM resources WHERE resource_type = $1 AND id = $2', [
      scope.type,
      scope.id,
    ]);
    if (known.rows.length === 0) throw notFound(`${scope.type}/${scope.id} is not known`);
  }
  return total;
}

export async function historyBundle(
  q: Queryable,
  scope: HistoryScope,
  opts: HistoryOptions,
): Promise<Bundle> {
  const count = Math.min(opts.count ?? DEFAULT_COUNT, MAX_COUNT);
  if (!Number.isInteger(count) || count < 0)
    throw badRequest('_count must be a non-negative integer', '_count');
  const sp = new SqlParams();
  const where = filters(scope, opts, sp);
  const total = scope.id ? await instanceTotal(q, scope, where, [...sp.values]) : undefined;
  if (opts.page) {
    const [lastUpdated, type, id, versionId] = decodeCursor(opts.page);
    where.push(
      `(h.last_updated, h.resource_type, h.id, h.version_id) < (${sp.add(lastUpdated)}::timestamptz, ${sp.add(type)}, ${sp.add(id)}, ${sp.add(versionId)}::bigint)`,
    );
  }
  const params = sp.values;
  const r = await q.query<HistoryRow>(
    `SELECT h.resource_type, h.id, h.version_id, h.last_updated, h.method, h.content FROM resource_history h
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY h.last_updated DESC, h.resource_type DESC, h.id DESC, h.version_id DESC
     LIMIT ${count + 1}`,
    params,
  );
  const rows = r.rows.slice(0, count);
  const links = [link('self', scope, opts, count, opts.page)];
  const last = rows.at(-1);
  if (r.rows.length > count && last) links.push(link('next', scope, opts, count, encodeCursor(last)));
  return {
    resourceType: 'Bundle',
    type: 'history',
    ...(total === undefined ? {} : { total }),
    link: links,
    entry: rows.map((row) => entry(row, opts.baseUrl)),
  };
}
