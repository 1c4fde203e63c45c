// Search filters → SQL over the typed index tables (0001_resources.sql). Every filter is a semi-join
// `id IN (SELECT resource_id FROM idx_x WHERE resource_type = $t AND param = $p AND <value>)` so the
// planner can drive from the (resource_type, param, value) indexes; negations are anti-joins
// (NOT EXISTS). When the type is not fixed (system search) the pair (resource_type, id) is matched.
import type { SearchAccess } from '../repository.types.ts';
import type { Filter, ParamDef, ValueTest } from './ast.ts';
import { rangeCondition, tableFor, valueCondition, type IndexTable } from './conditions.ts';
import type { SqlParams } from './sql-params.ts';

/** A `resources` row alias and its type, when the type is fixed. */
export interface Scope {
  alias: string;
  type: string | undefined;
  /** The caller's access: chained and _has criteria only look at rows it may see. */
  access?: SearchAccess | undefined;
  /** Write the selected ids themselves (`SELECT id …`), not the membership test (see idSetSql). */
  idSet?: boolean;
}

/** `scope` is one of the (type, id) pairs the subquery selects, given as `[typeColumn, idColumn]`. */
function member(scope: Scope, cols: [string, string], from: string, where: string[], p: SqlParams): string {
  const { alias, type } = scope;
  if (type !== undefined) {
    const ids = `SELECT ${cols[1]} FROM ${from} WHERE ${[`${cols[0]} = ${p.add(type)}`, ...where].join(' AND ')}`;
    return scope.idSet ? ids : `${alias}.id IN (${ids})`;
  }
  return `(${alias}.resource_type, ${alias}.id) IN (SELECT ${cols[0]}, ${cols[1]} FROM ${from} WHERE ${where.join(' AND ') || 'true'})`;
}

/** Rows of `table` indexing `scope`'s resource for one parameter code, as a correlated NOT EXISTS. */
function absent(scope: Scope, table: IndexTable, i: string, where: string[]): string {
  const { alias } = scope;
  return `NOT EXISTS (SELECT 1 FROM ${table} ${i} WHERE ${[`${i}.resource_type = ${alias}.resource_type`, `${i}.resource_id = ${alias}.id`, ...where].join(' AND ')})`;
}

/**
 * The ids of `type` resources a filter selects, as a one-column SELECT over the index tables only, when
 * the filter is such a set: a positive parameter test (its values OR'ed in one subquery), `:missing=false`,
 * a chain, `_has` or `_list`. Negations, `_id`, `_lastUpdated` and `_text` test the resource row itself.
 */
export function idSetSql(filter: Filter, within: Scope, p: SqlParams): string | undefined {
  if (within.type === undefined) return undefined;
  const scope: Scope = { ...within, idSet: true };
  switch (filter.kind) {
    case 'param': {
      const single = filter.param.type !== 'composite' || filter.tests.length === 1;
      return !filter.negate && single ? filterSql(filter, scope, p) : undefined;
    }
    case 'missing':
      return filter.missing ? undefined : filterSql(filter, scope, p);
    case 'chain':
    case 'has':
    case 'list':
      return filterSql(filter, scope, p);
    case 'id':
    case 'lastUpdated':
    case 'text':
      return undefined;
  }
}

export function filterSql(filter: Filter, scope: Scope, p: SqlParams): string {
  switch (filter.kind) {
    case 'param':
      return paramSql(filter.param, filter.tests, filter.negate, scope, p);
    case 'missing':
      return missingSql(filter.param, filter.missing, scope, p);
    case 'id': {
      const ids = `${scope.alias}.id IN (${p.list(filter.ids)})`;
      return filter.negate ? `NOT ${ids}` : ids;
    }
    case 'lastUpdated':
      // _lastUpdated is an instant: its range is the single point last_updated.
      return filter.tests
        .map((t) =>
          rangeCondition(t, `${scope.alias}.last_updated`, `${scope.alias}.last_updated`, p, '::timestamptz'),
        )
        .join(' OR ')
        .replace(/^(.* OR .*)$/s, '($1)');
    case 'chain':
      return chainSql(filter, scope, p);
    case 'has':
      return hasSql(filter, scope, p);
    case 'list': {
      const ref = p.alias('l');
      const visibleList = p.alias('lv');
      // Like a chain's target: a List the caller may not see has no members for them (search.html#list).
      const lists = scope.access
        ? [
            `${ref}.resource_id IN (SELECT ${visibleList}.id FROM resources ${visibleList} WHERE ${visibleList}.resource_type = 'List' AND NOT ${visibleList}.deleted AND ${scope.access.criteria(visibleList, 'List', p)})`,
          ]
        : [];
      return member(
        scope,
        [`${ref}.target_type`, `${ref}.target_id`],
        `idx_reference ${ref}`,
        [
          `${ref}.resource_type = 'List'`,
          `${ref}.param = 'item'`,
          `${ref}.resource_id IN (${p.list(filter.listIds)})`,
          ...lists,
        ],
        p,
      );
    }
    case 'text':
      return textSql(filter.scope, filter.terms, scope, p);
  }
}

/** One parameter, its values OR'ed (search.html#combining); composites join their component rows. */
function paramSql(
  param: ParamDef,
  tests: readonly ValueTest[],
  negate: boolean,
  scope: Scope,
  p: SqlParams,
): string {
  if (param.type === 'composite') {
    const parts = tests.map((t) => compositeSql(param, t, scope, p));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  }
  const i = p.alias('i');
  const table = tableFor(tests[0]!);
  const values = tests.map((t) => valueCondition(t as Exclude<ValueTest, { kind: 'composite' }>, i, p));
  const where = [
    `${i}.param = ${p.add(param.code)}`,
    values.length === 1 ? values[0]! : `(${values.join(' OR ')})`,
  ];
  if (negate) return absent(scope, table, i, where);
  return member(scope, [`${i}.resource_type`, `${i}.resource_id`], `${table} ${i}`, where, p);
}

function compositeSql(param: ParamDef, test: ValueTest, scope: Scope, p: SqlParams): string {
  if (test.kind !== 'composite') throw new Error('composite parameter with a non-composite value');
  const aliases = test.parts.map(() => p.alias('c'));
  const first = aliases[0]!;
  const from = test.parts
    .map((part, n) => {
      const a = aliases[n]!;
      const table = `${tableFor(part)} ${a}`;
      if (n === 0) return table;
      return `JOIN ${table} ON ${a}.resource_type = ${first}.resource_type AND ${a}.resource_id = ${first}.resource_id AND ${a}.grp = ${first}.grp`;
    })
    .join(' ');
  const where = test.parts.flatMap((part, n) => [
    `${aliases[n]!}.param = ${p.add(`${param.code}$${n}`)}`,
    valueCondition(part as Exclude<ValueTest, { kind: 'composite' }>, aliases[n]!, p),
  ]);
  return member(scope, [`${first}.resource_type`, `${first}.resource_id`], from, where, p);
}

const MISSING_TABLE: Record<string, IndexTable> = {
  string: 'idx_string',
  token: 'idx_token',
  reference: 'idx_reference',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  uri: 'idx_uri',
};

/** :missing=true: no index row for the parameter; false: at least one (search.html#missing). */
function missingSql(param: ParamDef, missing: boolean, scope: Scope, p: SqlParams): string {
  const composite = param.type === 'composite';
  const table = MISSING_TABLE[composite ? (param.components[0] ?? 'token') : param.type] ?? 'idx_token';
  const i = p.alias('m');
  const where = [`${i}.param = ${p.add(composite ? `${param.code}$0` : param.code)}`];
  if (missing) return absent(scope, table, i, where);
  return member(scope, [`${i}.resource_type`, `${i}.resource_id`], `${table} ${i}`, where, p);
}

/** The reference's target matches the rest of the chain (search.html#chaining). */
function chainSql(filter: Extract<Filter, { kind: 'chain' }>, scope: Scope, p: SqlParams): string {
  const ref = p.alias('r');
  const hops = filter.hops.map(({ type, filter: next }) => {
    const t = p.alias('t');
    const inner = filterSql(next, { alias: t, type, access: scope.access }, p);
    const allowed = scope.access ? ` AND ${scope.access.criteria(t, type, p)}` : '';
    const target = p.add(type);
    return `(${ref}.target_type = ${target} AND ${ref}.target_id IN (SELECT ${t}.id FROM resources ${t} WHERE ${t}.resource_type = ${target} AND NOT ${t}.deleted${allowed} AND ${inner}))`;
  });
  const where = [
    `${ref}.param = ${p.add(filter.param.code)}`,
    hops.length === 1 ? hops[0]! : `(${hops.join(' OR ')})`,
  ];
  return member(scope, [`${ref}.resource_type`, `${ref}.resource_id`], `idx_reference ${ref}`, where, p);
}

/** Some `sourceType` resource refers to this one through `refParam` and matches (search.html#has). */
function hasSql(filter: Extract<Filter, { kind: 'has' }>, scope: Scope, p: SqlParams): string {
  const ref = p.alias('h');
  const s = p.alias('s');
  const source = p.add(filter.sourceType);
  const inner = filterSql(filter.filter, { alias: s, type: filter.sourceType, access: scope.access }, p);
  const allowed = scope.access ? ` AND ${scope.access.criteria(s, filter.sourceType, p)}` : '';
  const where = [
    `${ref}.resource_type = ${source}`,
    `${ref}.param = ${p.add(filter.refParam)}`,
    `${ref}.resource_id IN (SELECT ${s}.id FROM resources ${s} WHERE ${s}.resource_type = ${source} AND NOT ${s}.deleted${allowed} AND ${inner})`,
  ];
  return member(scope, [`${ref}.target_type`, `${ref}.target_id`], `idx_reference ${ref}`, where, p);
}

/**
 * _text searches the narrative (text.div), _content the whole resource JSON; both as case-insensitive
 * substring matches, any term (search.html#text leaves the matching to the server). Unindexed:
 * combine them with a selective parameter on large sets.
 */
function textSql(
  kind: 'narrative' | 'content',
  terms: readonly string[],
  scope: Scope,
  p: SqlParams,
): string {
  const column =
    kind === 'narrative' ? `(${scope.alias}.content::jsonb #>> '{text,div}')` : `${scope.alias}.content`;
  const parts = terms.map((t) => `${column} ILIKE ${p.add(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}
