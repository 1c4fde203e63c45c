// The statements of one search: the page of matches (deterministic order, id as the final
// tie-breaker so paging is stable) and the total. Filters come from sql.ts.
import type { SearchAccess } from '../repository.types.ts';
import type { Filter, ParsedSearch, SortKey } from './ast.ts';
import { filterSql, idSetSql, type Scope } from './sql.ts';
import { SqlParams } from './sql-params.ts';

export interface Compartment {
  type: 'Patient';
  id: string;
}

/** What bounds a search besides its parameters: a patient compartment, the caller's access. */
export interface Within {
  compartment?: Compartment | undefined;
  access?: SearchAccess | undefined;
  /** Bulk export: the compartments of these patients, or of any patient (`any`); one-type searches only. */
  patients?: readonly string[] | 'any' | undefined;
  /** Bulk export keyset paging: only ids after this one (a one-type search in id order). */
  afterId?: string | undefined;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface MatchRow {
  resource_type: string;
  id: string;
  content: string;
}

type Selection = Pick<ParsedSearch, 'types' | 'filters'>;

/** `FROM resources r WHERE …` for the selection, optionally inside one patient compartment and access. */
function whereSql(search: Selection, within: Within, p: SqlParams): string {
  const { compartment, access } = within;
  const single = search.types?.length === 1 ? search.types[0] : undefined;
  const scope = { alias: 'r', type: single, access };
  const where = ['NOT r.deleted'];
  if (single !== undefined) where.unshift(`r.resource_type = ${p.add(single)}`);
  else if (search.types) where.unshift(`r.resource_type IN (${p.list(search.types)})`);
  if (compartment) where.push(compartmentSql(single, compartment.id, p));
  if (within.patients !== undefined) where.push(patientsSql(single, within.patients, p));
  if (within.afterId !== undefined) where.push(`r.id > ${p.add(within.afterId)}`);
  if (access) where.push(access.match('r', single, p));
  where.push(...filtersSql(search.filters, scope, p));
  return `FROM resources r WHERE ${where.join(' AND ')}`;
}

/**
 * The filters' conditions on `r`. Two or more id sets (positive parameter tests, chains…) of a one-type
 * search are intersected over the index tables alone, behind an optimisation fence (`OFFSET 0`), so
 * only the surviving ids fetch a `resources` row. Without the fence the planner joins `resources` for
 * every candidate of the most selective set first: at 500,000 resources, Observation?patient=…&code=…
 * &date=… read ~1,700 buffers that way, ~900 this way (EXPLAIN ANALYZE, BUFFERS).
 */
function filtersSql(filters: readonly Filter[], scope: Scope, p: SqlParams): string[] {
  const sets: string[] = [];
  const conditions: string[] = [];
  for (const filter of filters) {
    const set = idSetSql(filter, scope, p);
    if (set === undefined) conditions.push(filterSql(filter, scope, p));
    else sets.push(set);
  }
  if (sets.length === 1) conditions.push(`r.id IN (${sets[0]!})`);
  if (sets.length > 1) {
    const rest = sets.slice(1).map((s) => `d.id IN (${s})`);
    conditions.push(`r.id IN (SELECT d.id FROM (${sets[0]!}) AS d(id) WHERE ${rest.join(' AND ')} OFFSET 0)`);
  }
  return conditions;
}

/**
 * Membership of the patient's compartment (compartmentdefinition-patient) via idx_compartment; the
 * Patient resource itself is in its own compartment ($everything returns it).
 */
function compartmentSql(type: string | undefined, patientId: string, p: SqlParams): string {
  const id = p.add(patientId);
  if (type !== undefined) {
    const self = type === 'Patient' ? ` UNION ALL SELECT ${id}` : '';
    return `r.id IN (SELECT c.resource_id FROM idx_compartment c WHERE c.patient_id = ${id} AND c.resource_type = ${p.add(type)}${self})`;
  }
  return `(r.resource_type, r.id) IN (SELECT c.resource_type, c.resource_id FROM idx_compartment c WHERE c.patient_id = ${id} UNION ALL SELECT 'Patient', ${id})`;
}

/**
 * Membership of the compartment of any of `patients` (Bulk Data Patient- and Group-level export, which
 * export "all data in the Patient compartment" of each patient, export.html#endpoint---all-patients).
 */
function patientsSql(type: string | undefined, patients: readonly string[] | 'any', p: SqlParams): string {
  if (type === undefined) throw new Error('a patients-bounded search needs one resource type');
  if (type === 'Patient') return patients === 'any' ? 'TRUE' : `r.id = ANY(${p.add(patients)}::text[])`;
  const who = patients === 'any' ? '' : ` AND c.patient_id = ANY(${p.add(patients)}::text[])`;
  return `r.id IN (SELECT c.resource_id FROM idx_compartment c WHERE c.resource_type = ${p.add(type)}${who})`;
}

const SORT_COLUMN: Record<string, { asc: string; desc: string; table: string }> = {
  string: { asc: 'min(s.norm)', desc: 'max(s.norm)', table: 'idx_string' },
  token: { asc: 'min(s.code)', desc: 'max(s.code)', table: 'idx_token' },
  date: { asc: 'min(s.low)', desc: 'max(s.high)', table: 'idx_date' },
  number: { asc: 'min(s.value)', desc: 'max(s.value)', table: 'idx_number' },
  quantity: { asc: 'min(s.value)', desc: 'max(s.value)', table: 'idx_quantity' },
  uri: { asc: 'min(s.value)', desc: 'max(s.value)', table: 'idx_uri' },
  reference: {
    asc: "min(coalesce(s.target_type || '/' || s.target_id, s.url))",
    desc: "max(coalesce(s.target_type || '/' || s.target_id, s.url))",
    table: 'idx_reference',
  },
};

/**
 * A sort key's value: for a parameter with several values, the lowest when ascending and the highest
 * when descending (search.html#sort: "the sort uses the value that comes first in the sort order").
 * Resources without a value sort last either way.
 */
function sortSql(key: SortKey, p: SqlParams): string {
  const direction = key.descending ? 'DESC' : 'ASC';
  if (key.code === '_id') return `r.id ${direction}`;
  if (key.code === '_lastUpdated') return `r.last_updated ${direction}`;
  const column = SORT_COLUMN[key.param?.type ?? ''];
  if (!column) throw new Error(`unsortable parameter ${key.code}`);
  const aggregate = key.descending ? column.desc : column.asc;
  const value = `(SELECT ${aggregate} FROM ${column.table} s WHERE s.resource_type = r.resource_type AND s.resource_id = r.id AND s.param = ${p.add(key.code)})`;
  return `${value} ${direction} NULLS LAST`;
}

function orderSql(search: ParsedSearch, p: SqlParams): string {
  const keys = search.sort.map((k) => sortSql(k, p));
  if (search.types?.length !== 1) keys.push('r.resource_type');
  if (!search.sort.some((k) => k.code === '_id')) keys.push('r.id');
  return keys.join(', ');
}

/** One page plus one row, so the caller knows whether a next page exists. */
export function pageStatement(search: ParsedSearch, within: Within): Statement {
  const p = new SqlParams();
  const where = whereSql(search, within, p);
  const order = orderSql(search, p);
  const sql = `SELECT r.resource_type, r.id, r.content ${where} ORDER BY ${order} LIMIT ${p.add(search.count + 1)} OFFSET ${p.add(search.offset)}`;
  return { sql, params: p.values };
}

/** Matching ids only (conditional interactions), in id order. */
export function idStatement(search: Selection, within: Within, limit: number): Statement {
  const p = new SqlParams();
  const sql = `SELECT r.id ${whereSql(search, within, p)} ORDER BY r.id LIMIT ${p.add(limit)}`;
  return { sql, params: p.values };
}

/** The number of matches. */
export function countStatement(search: Selection, within: Within): Statement {
  const p = new SqlParams();
  return { sql: `SELECT count(*) AS n ${whereSql(search, within, p)}`, params: p.values };
}
