// SQL conditions for one search value against one row of a typed index table (alias `i`), following
// the comparison rules of FHIR R4 search.html#prefix. Values are always SQL parameters.
import type { NumberTest, RangeTest, ValueTest } from './ast.ts';
import type { SqlParams } from './sql-params.ts';

export type IndexTable =
  'idx_string' | 'idx_token' | 'idx_reference' | 'idx_date' | 'idx_number' | 'idx_quantity' | 'idx_uri';

export function tableFor(test: ValueTest): IndexTable {
  switch (test.kind) {
    case 'string':
      return 'idx_string';
    case 'token':
    case 'token-text':
      return 'idx_token';
    case 'reference':
      return 'idx_reference';
    case 'date':
      return 'idx_date';
    case 'number':
      return 'idx_number';
    case 'quantity':
      return 'idx_quantity';
    case 'uri':
      return 'idx_uri';
    case 'composite':
      throw new Error('A composite value spans several tables');
  }
}

/** LIKE pattern text for a literal (search values may contain % and _). */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The condition on index row `i` for a non-composite test. */
export function valueCondition(
  test: Exclude<ValueTest, { kind: 'composite' }>,
  i: string,
  p: SqlParams,
): string {
  switch (test.kind) {
    case 'string':
      if (test.mode === 'exact') return `${i}.exact = ${p.add(test.value)}`;
      if (test.mode === 'contains') return `${i}.norm LIKE ${p.add(`%${likeLiteral(test.value)}%`)}`;
      return `${i}.norm LIKE ${p.add(`${likeLiteral(test.value)}%`)}`;
    case 'token':
      return tokenCondition(test.system, test.code, i, p);
    case 'token-text':
      return `${i}.text LIKE ${p.add(`%${likeLiteral(test.text)}%`)}`;
    case 'reference':
      if (test.url !== undefined) return `${i}.url = ${p.add(test.url)}`;
      return test.targetType === undefined
        ? `${i}.target_id = ${p.add(test.id)}`
        : `${i}.target_id = ${p.add(test.id)} AND ${i}.target_type = ${p.add(test.targetType)}`;
    case 'date':
      return rangeCondition(test, `${i}.low`, `${i}.high`, p, '::timestamptz');
    case 'number':
      return numberCondition(test, `${i}.value`, p);
    case 'quantity':
      return quantityCondition(test, i, p);
    case 'uri':
      return uriCondition(test, i, p);
  }
}

function tokenCondition(
  system: string | null | undefined,
  code: string | undefined,
  i: string,
  p: SqlParams,
): string {
  const parts: string[] = [];
  if (code !== undefined) parts.push(`${i}.code = ${p.add(code)}`);
  if (system === null) parts.push(`${i}.system IS NULL`);
  else if (system !== undefined) parts.push(`${i}.system = ${p.add(system)}`);
  return parts.join(' AND ');
}

/**
 * Range against range (search.html#prefix, "the range of the search value" vs "of the target").
 * Strict reading of the table: ge = gt OR eq, le = lt OR eq. `ap` arrives already widened by 10%
 * of the gap to now (values.ts), and matches when the ranges overlap.
 */
export function rangeCondition(
  test: RangeTest,
  low: string,
  high: string,
  p: SqlParams,
  cast: string,
): string {
  // Placeholders only for the bounds the prefix uses: PostgreSQL cannot type an unused parameter.
  let lowParam: string | undefined;
  let highParam: string | undefined;
  const sLow = () => (lowParam ??= `${p.add(test.low)}${cast}`);
  const sHigh = () => (highParam ??= `${p.add(test.high)}${cast}`);
  // `low <= sHigh` and `high >= sLow` follow from the others (low ≤ high); they give the planner a
  // bounded range on each column, so its row estimate — and so its plan — is right.
  const eq = () =>
    `(${low} >= ${sLow()} AND ${high} <= ${sHigh()} AND ${low} <= ${sHigh()} AND ${high} >= ${sLow()})`;
  switch (test.prefix) {
    case 'eq':
      return eq();
    case 'ne':
      return `NOT ${eq()}`;
    case 'gt':
      return `${high} > ${sHigh()}`;
    case 'lt':
      return `${low} < ${sLow()}`;
    case 'ge':
      return `(${high} > ${sHigh()} OR ${eq()})`;
    case 'le':
      return `(${low} < ${sLow()} OR ${eq()})`;
    case 'sa':
      return `${low} > ${sHigh()}`;
    case 'eb':
      return `${high} < ${sLow()}`;
    case 'ap':
      return `(${low} <= ${sHigh()} AND ${high} >= ${sLow()})`;
  }
}

/**
 * A resource's number against the search value (search.html#number): `eq` means within the search
 * value's implicit precision range [low, high); `ap` is ±10% of the value; other prefixes compare
 * the exact values.
 */
export function numberCondition(test: NumberTest, column: string, p: SqlParams): string {
  const num = (v: string) => `${p.add(v)}::numeric`;
  switch (test.prefix) {
    case 'eq':
      return `(${column} >= ${num(test.low)} AND ${column} < ${num(test.high)})`;
    case 'ne':
      return `NOT (${column} >= ${num(test.low)} AND ${column} < ${num(test.high)})`;
    case 'gt':
    case 'sa':
      return `${column} > ${num(test.value)}`;
    case 'lt':
    case 'eb':
      return `${column} < ${num(test.value)}`;
    case 'ge':
      return `${column} >= ${num(test.value)}`;
    case 'le':
      return `${column} <= ${num(test.value)}`;
    case 'ap': {
      const v = num(test.value);
      return `abs(${column} - ${v}) <= abs(${v}) * 0.1`;
    }
  }
}

function quantityCondition(test: Extract<ValueTest, { kind: 'quantity' }>, i: string, p: SqlParams): string {
  if (test.canonical !== undefined) {
    // Canonical rows keep the value's precision range in base units; its middle is the value.
    const value = `((${i}.canonical_low + ${i}.canonical_high) / 2)`;
    return `${i}.canonical_code = ${p.add(test.canonical)} AND ${numberCondition(test, value, p)}`;
  }
  const parts = [numberCondition(test, `${i}.value`, p)];
  if (test.system !== undefined && test.code !== undefined)
    parts.push(`${i}.system = ${p.add(test.system)} AND ${i}.code = ${p.add(test.code)}`);
  else if (test.code !== undefined) {
    // `number||code` matches the code or the unit as written (search.html#quantity).
    const code = p.add(test.code);
    parts.push(`(${i}.code = ${code} OR ${i}.unit = ${code})`);
  }
  return parts.join(' AND ');
}

/** :below = the URI and anything under it; :above = the URI or any of its path prefixes (search.html#uri). */
function uriCondition(test: Extract<ValueTest, { kind: 'uri' }>, i: string, p: SqlParams): string {
  if (test.mode === 'exact') return `${i}.value = ${p.add(test.value)}`;
  if (test.mode === 'below') return `${i}.value LIKE ${p.add(`${likeLiteral(test.value)}%`)}`;
  const prefixes: string[] = [];
  for (let at = test.value.indexOf('/'); at >= 0; at = test.value.indexOf('/', at + 1)) {
    prefixes.push(test.value.slice(0, at));
  }
  prefixes.push(test.value);
  return `${i}.value IN (${prefixes.map((v) => p.add(v)).join(', ')})`;
}
