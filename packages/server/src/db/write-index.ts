// Writes the search values extracted at write time into the typed index tables (DESIGN.md §4), as
// parts of the statement that writes the resource versions (statement.ts): each table gets ONE
// multi-row INSERT fed by `unnest` of one array per column, so the statement text does not grow with
// the row count and never meets the bind-parameter limit.
import type { IndexValues } from '@hearth/fhir';
import { param, type Statement } from './statement.ts';
import type { ResourceKey } from './versions.ts';

export interface IndexedResource extends ResourceKey {
  values: IndexValues;
}

interface IndexTable {
  table: string;
  /** Columns after (resource_type, resource_id, patient_id), with their SQL array element types. */
  columns: readonly (readonly [name: string, sqlType: string])[];
  rows: (values: IndexValues) => unknown[][];
}

const INDEX_TABLES: readonly IndexTable[] = [
  {
    table: 'idx_token',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['system', 'text'],
      ['code', 'text'],
      ['text', 'text'],
    ],
    rows: (v) => v.token.map((t) => [t.param, t.grp, t.system, t.code, t.text]),
  },
  {
    table: 'idx_string',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['norm', 'text'],
      ['exact', 'text'],
    ],
    rows: (v) => v.string.map((s) => [s.param, s.grp, s.norm, s.exact]),
  },
  {
    table: 'idx_date',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['low', 'timestamptz'],
      ['high', 'timestamptz'],
    ],
    rows: (v) => v.date.map((d) => [d.param, d.grp, d.low, d.high]),
  },
  {
    table: 'idx_number',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['value', 'numeric'],
      ['low', 'numeric'],
      ['high', 'numeric'],
    ],
    rows: (v) => v.number.map((n) => [n.param, n.grp, n.value, n.low, n.high]),
  },
  {
    table: 'idx_quantity',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['value', 'numeric'],
      ['low', 'numeric'],
      ['high', 'numeric'],
      ['system', 'text'],
      ['code', 'text'],
      ['unit', 'text'],
      ['canonical_code', 'text'],
      ['canonical_low', 'numeric'],
      ['canonical_high', 'numeric'],
    ],
    rows: (v) =>
      v.quantity.map((q) => [
        q.param,
        q.grp,
        q.value,
        q.low,
        q.high,
        q.system,
        q.code,
        q.unit,
        q.canonicalCode,
        q.canonicalLow,
        q.canonicalHigh,
      ]),
  },
  {
    table: 'idx_reference',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['target_type', 'text'],
      ['target_id', 'text'],
      ['url', 'text'],
    ],
    rows: (v) => v.reference.map((r) => [r.param, r.grp, r.targetType, r.targetId, r.url]),
  },
  {
    table: 'idx_uri',
    columns: [
      ['param', 'text'],
      ['grp', 'int'],
      ['value', 'text'],
    ],
    rows: (v) => v.uri.map((u) => [u.param, u.grp, u.value]),
  },
];

/** The patient-compartment key of a resource's rows: its first compartment, or null. */
export function primaryPatient(values: IndexValues): string | null {
  return values.patients[0] ?? null;
}

const KEY_COLUMNS = [
  ['resource_type', 'text'],
  ['resource_id', 'text'],
  ['patient_id', 'text'],
] as const;

/**
 * One multi-row INSERT fed by `unnest` of one array per column; nothing when there are no rows. With
 * `onlyFor`, only the rows of the resources that CTE returns (`resource_type`, `id`) go in.
 */
function addInsert(
  s: Statement,
  insert: { table: string; columns: readonly (readonly [string, string])[]; onlyFor?: string },
  rows: unknown[][],
) {
  if (rows.length === 0) return;
  const arrays = insert.columns
    .map(([, type], i) =>
      param(
        s,
        rows.map((r) => r[i]),
        `${type}[]`,
      ),
    )
    .join(', ');
  const names = insert.columns.map(([name]) => name).join(', ');
  const source = insert.onlyFor
    ? `SELECT u.* FROM unnest(${arrays}) AS u(${names})
       JOIN ${insert.onlyFor} w ON w.resource_type = u.resource_type AND w.id = u.resource_id`
    : `SELECT * FROM unnest(${arrays})`;
  s.ctes.push(`i${s.ctes.length} AS (INSERT INTO ${insert.table} (${names}) ${source})`);
}

/**
 * Adds the inserts of the index rows (and compartment memberships) of a batch of resources; with
 * `onlyFor`, of those among them that the named CTE returns.
 */
export function addIndexInserts(s: Statement, resources: readonly IndexedResource[], onlyFor?: string): void {
  for (const spec of INDEX_TABLES) {
    const rows = resources.flatMap((r) =>
      spec.rows(r.values).map((row) => [r.type, r.id, primaryPatient(r.values), ...row]),
    );
    addInsert(s, { table: spec.table, columns: [...KEY_COLUMNS, ...spec.columns], onlyFor }, rows);
  }
  const memberships = resources.flatMap((r) => [...new Set(r.values.patients)].map((p) => [r.type, r.id, p]));
  addInsert(s, { table: 'idx_compartment', columns: KEY_COLUMNS, onlyFor }, memberships);
}

/** Name of the CTE returning the deleted compartment memberships (resource_type, resource_id, patient_id). */
export const DELETED_COMPARTMENTS = 'dc';

/**
 * Adds the deletes of every index row of the given resources (being replaced or deleted). The
 * `DELETED_COMPARTMENTS` CTE returns the compartments they were in, for the change events of a delete.
 */
export function addIndexDeletes(s: Statement, keys: readonly ResourceKey[]): void {
  if (keys.length === 0) return;
  const types = param(
    s,
    keys.map((k) => k.type),
    'text[]',
  );
  const ids = param(
    s,
    keys.map((k) => k.id),
    'text[]',
  );
  s.ctes.push(`ik AS (SELECT * FROM unnest(${types}, ${ids}) AS ik(t, i))`);
  const match = 'x.resource_type = ik.t AND x.resource_id = ik.i';
  INDEX_TABLES.forEach((t, i) => s.ctes.push(`d${i} AS (DELETE FROM ${t.table} x USING ik WHERE ${match})`));
  s.ctes.push(
    `${DELETED_COMPARTMENTS} AS (DELETE FROM idx_compartment x USING ik WHERE ${match}
     RETURNING x.resource_type, x.resource_id, x.patient_id)`,
  );
}
