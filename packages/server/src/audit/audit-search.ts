// AuditEvent search (FHIR R4 auditevent.html#search) over the sealed log itself (migration 0019's
// `audit_events` view), not over projected resources: the log row carries the columns the parameters
// below test, idx_compartment its patients. Values are compared by the same conditions as every other
// search (db/search/conditions.ts), on index-shaped rows derived from those columns; access rules,
// compartments, paging, totals and lenient/strict handling behave as for any type.
// Supported: _id, _lastUpdated, date, patient, agent, altid, address, entity, outcome, action, subtype,
// type (with :not and :missing); _sort by date, _lastUpdated or _id. Other parameters, _include and
// _revinclude are ignored with a warning (400 under Prefer: handling=strict).
import { invalid } from '@hearth/fhir';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { Queryable } from '../db/engine.ts';
import type { SearchOptions, SearchQuery } from '../db/repository.types.ts';
import type { Filter, ParsedSearch, SearchIssue, ValueTest } from '../db/search/ast.ts';
import { outcomeEntry, pageLinks, searchsetBundle, toEntry } from '../db/search/bundle.ts';
import { rangeCondition, valueCondition } from '../db/search/conditions.ts';
import { parseQuery } from '../db/search/search.ts';
import { filterSql } from '../db/search/sql.ts';
import { SqlParams } from '../db/search/sql-params.ts';
import { renderedContent } from './audit-render.ts';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const LOGIN = `a.subtype IN ('110122', '110123')`;

/** Index-shaped rows (as idx_token / idx_reference / idx_string) a parameter derives from row `a`. */
const DERIVED: Readonly<Record<string, (p: SqlParams) => string>> = {
  outcome: () => 'SELECT a.outcome AS code, NULL::text AS system, NULL::text AS text',
  action: () => 'SELECT a.action AS code, NULL::text AS system, NULL::text AS text',
  subtype: (p) =>
    `SELECT a.subtype AS code, CASE WHEN ${LOGIN} THEN ${p.add(DCM)}::text ELSE ${p.add('http://hl7.org/fhir/restful-interaction')}::text END AS system, NULL::text AS text`,
  type: (p) =>
    `SELECT CASE WHEN ${LOGIN} THEN '110114' ELSE 'rest' END AS code, CASE WHEN ${LOGIN} THEN ${p.add(DCM)}::text ELSE ${p.add('http://terminology.hl7.org/CodeSystem/audit-event-type')}::text END AS system, NULL::text AS text`,
  altid: () => 'SELECT a.altid AS code, NULL::text AS system, NULL::text AS text WHERE a.altid IS NOT NULL',
  address: () => 'SELECT lower(a.address) AS norm, a.address AS exact WHERE a.address IS NOT NULL',
  agent: () =>
    `SELECT split_part(a.agent, '/', 1) AS target_type, split_part(a.agent, '/', 2) AS target_id, NULL::text AS url WHERE a.agent IS NOT NULL`,
  entity: () =>
    `SELECT split_part(e, '/', 1) AS target_type, split_part(e, '/', 2) AS target_id, NULL::text AS url FROM unnest(a.entities) AS e`,
};

/** The search parameters AuditEvent search serves (the CapabilityStatement lists exactly these). */
export const AUDIT_EVENT_SEARCH_PARAMS: ReadonlySet<string> = new Set([
  '_id',
  '_lastUpdated',
  'date',
  'patient',
  ...Object.keys(DERIVED),
]);

const SORTS: Readonly<Record<string, string>> = {
  date: 'a.recorded',
  _lastUpdated: 'a.recorded',
  _id: 'a.leaf_index',
};

/** Patients' AuditEvents: their compartment rows (`ids` undefined: any patient's). */
function inCompartment(ids: readonly string[] | undefined, p: SqlParams): string {
  const who = ids === undefined ? '' : ` AND c.patient_id = ANY(${p.add(ids)}::text[])`;
  return `a.id IN (SELECT c.resource_id FROM idx_compartment c WHERE c.resource_type = 'AuditEvent'${who})`;
}

/** `patient=`: local Patient references only (an absolute URL elsewhere names no patient of ours). */
function patientSql(tests: readonly ValueTest[], p: SqlParams): string {
  const ids = tests.flatMap((t) =>
    t.kind === 'reference' &&
    t.url === undefined &&
    t.id !== undefined &&
    (t.targetType ?? 'Patient') === 'Patient'
      ? [t.id]
      : [],
  );
  return ids.length > 0 ? inCompartment(ids, p) : 'false';
}

function paramSql(filter: Filter & { kind: 'param' | 'missing' }, p: SqlParams): string | undefined {
  const code = filter.param.code;
  if (filter.kind === 'param' && code === 'date') {
    const tests = filter.tests.flatMap((t) =>
      t.kind === 'date' ? [rangeCondition(t, 'a.recorded', 'a.recorded', p, '::timestamptz')] : [],
    );
    const any = tests.length > 0 ? `(${tests.join(' OR ')})` : 'false';
    return filter.negate ? `NOT ${any}` : any;
  }
  if (filter.kind === 'param' && code === 'patient') {
    const any = patientSql(filter.tests, p);
    return filter.negate ? `NOT ${any}` : any;
  }
  const rows = DERIVED[code];
  if (!rows) return undefined;
  if (filter.kind === 'missing') return `${filter.missing ? 'NOT ' : ''}EXISTS (${rows(p)})`;
  if (filter.tests.some((t) => t.kind === 'composite')) return undefined;
  const tests = filter.tests.map(
    (t) => `(${valueCondition(t as Exclude<ValueTest, { kind: 'composite' }>, 'i', p)})`,
  );
  const exists = `EXISTS (SELECT 1 FROM (${rows(p)}) AS i WHERE ${tests.join(' OR ')})`;
  return filter.negate ? `NOT ${exists}` : exists;
}

function filterCondition(filter: Filter, p: SqlParams): string | undefined {
  switch (filter.kind) {
    case 'id':
    case 'lastUpdated':
      return filterSql(filter, { alias: 'a', type: 'AuditEvent' }, p);
    case 'param':
    case 'missing':
      return paramSql(filter, p);
    case 'chain':
    case 'has':
    case 'list':
    case 'text':
      return undefined;
  }
}

const filterName = (f: Filter): string =>
  f.kind === 'param' || f.kind === 'missing' || f.kind === 'chain' ? f.param.code : `_${f.kind}`;

interface Plan {
  where: string[];
  order: string;
  issues: SearchIssue[];
}

function plan(search: ParsedSearch, opts: SearchOptions, p: SqlParams): Plan {
  const issues: SearchIssue[] = [...search.issues];
  const where: string[] = [];
  if (opts.compartment) where.push(inCompartment([opts.compartment.id], p));
  if (opts.patients !== undefined)
    where.push(inCompartment(opts.patients === 'any' ? undefined : opts.patients, p));
  if (opts.afterId !== undefined) where.push(`a.leaf_index > ${p.add(opts.afterId)}::bigint`);
  if (opts.access) where.push(opts.access.match('a', 'AuditEvent', p));
  for (const filter of search.filters) {
    const sql = filterCondition(filter, p);
    if (sql === undefined) issues.push({ param: filterName(filter), message: 'not supported on AuditEvent' });
    else where.push(sql);
  }
  for (const inc of [...search.includes, ...search.revincludes])
    issues.push({
      param: `${inc.sourceType}:${inc.param}`,
      message: '_include/_revinclude not supported on AuditEvent',
    });
  const keys: string[] = [];
  for (const key of search.sort) {
    const column = SORTS[key.code];
    if (column) keys.push(`${column} ${key.descending ? 'DESC' : 'ASC'}`);
    else issues.push({ param: '_sort', message: `AuditEvent cannot be sorted by ${key.code}` });
  }
  keys.push(search.sort.some((k) => k.code === '_id' && k.descending) ? 'a.leaf_index DESC' : 'a.leaf_index');
  return { where, order: keys.join(', '), issues };
}

/** A searchset Bundle of AuditEvents (repository.search for the AuditEvent type). */
export async function searchAuditEvents(
  db: Queryable,
  query: SearchQuery,
  opts: SearchOptions,
): Promise<Bundle> {
  const search = parseQuery('AuditEvent', query, opts);
  const p = new SqlParams();
  const { where, order, issues } = plan(search, opts, p);
  if (opts.handling === 'strict' && issues.length > 0) {
    throw invalid(issues.map((i) => ({ diagnostics: `${i.param}: ${i.message}`, expression: i.param })));
  }
  const from = `FROM audit_events a${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const countOnly = search.summary === 'count';
  let rows: { id: string; content: string }[] = [];
  if (!countOnly && search.count > 0) {
    const limit = `LIMIT ${p.add(search.count + 1)} OFFSET ${p.add(search.offset)}`;
    rows = (
      await db.query<{ id: string; content: string }>(
        `SELECT a.id, a.content ${from} ORDER BY ${order} ${limit}`,
        p.values,
      )
    ).rows;
  }
  const hasNext = rows.length > search.count;
  const matches = rows.slice(0, search.count);
  const total = await auditTotal(db, {
    search,
    from,
    params: p.values,
    page: matches.length,
    hasNext,
    countOnly,
  });
  const shape = { summary: search.summary, elements: search.elements };
  const entries: BundleEntry[] = matches.map((r) =>
    toEntry(
      { resource_type: 'AuditEvent', id: r.id, content: renderedContent(r.content) },
      opts.baseUrl,
      'match',
      shape,
    ),
  );
  if (issues.length > 0) entries.push(outcomeEntry(issues));
  const ignored = new Set(issues.map((i) => i.param));
  const accepted = { ...search, accepted: search.accepted.filter(([k]) => !ignored.has(k.split(':')[0]!)) };
  const links = pageLinks({
    baseUrl: opts.baseUrl,
    type: 'AuditEvent',
    compartment: opts.compartment,
    search: accepted,
    hasNext,
    total,
  });
  return searchsetBundle(entries, links, total);
}

interface TotalInput {
  search: ParsedSearch;
  from: string;
  params: unknown[];
  page: number;
  hasNext: boolean;
  countOnly: boolean;
}

/** Bundle.total as db/search/total.ts gives it: exact when the page shows the end, or when asked. */
async function auditTotal(db: Queryable, t: TotalInput): Promise<number | undefined> {
  const { search } = t;
  const mode = t.countOnly ? 'accurate' : search.count === 0 ? (search.total ?? 'accurate') : search.total;
  if (mode === 'none') return undefined;
  const endSeen = !t.countOnly && !t.hasNext && (t.page > 0 || search.offset === 0) && search.count > 0;
  if (endSeen) return search.offset + t.page;
  if (mode === undefined) return undefined;
  // `estimate` is counted too: the log's rows are narrow and indexed by the usual filters.
  const count = `SELECT count(*) AS n ${t.from}`;
  // The page statement's LIMIT/OFFSET parameters come last; the count leaves them out.
  const used = t.params.slice(0, t.countOnly || search.count === 0 ? t.params.length : -2);
  return Number((await db.query<{ n: string | number }>(count, used)).rows[0]?.n ?? 0);
}
