// Number and quantity index rows (search.html#number, #quantity).
import { canonicalQuantity } from './ucum.ts';
import { decimalString, numberRange } from './decimal.ts';
import type { Target } from './extract-values.ts';
import type { TypedValue } from './path-compile.ts';
import type { QuantityValue } from './index-values.ts';
import { isObject, str } from './json.ts';

const UCUM = 'http://unitsofmeasure.org';
const ISO_4217 = 'urn:iso:std:iso:4217';
/** Open Range bounds (PostgreSQL numeric accepts infinities since version 14). */
const NEGATIVE_INFINITY = '-Infinity';
const POSITIVE_INFINITY = 'Infinity';

const QUANTITY_TYPES = new Set([
  'Quantity',
  'SimpleQuantity',
  'Age',
  'Count',
  'Distance',
  'Duration',
  'MoneyQuantity',
]);

/** Integers are exact (datatypes.html#integer): their range is the value itself. */
const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt']);

/**
 * JSON numbers: the value and, for decimals, the implicit range of its written precision. JSON parsing has
 * already dropped trailing zeros (1.50 → 1.5), so precision is that of the shortest form.
 */
export function pushNumbers(t: Target, { value, type }: TypedValue): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) return;
  const decimal = decimalString(String(value));
  if (decimal === undefined) return;
  const { low, high } = INTEGER_TYPES.has(type) ? { low: decimal, high: decimal } : numberRange(decimal);
  t.rows.number.push({ param: t.param, value: decimal, low, high, grp: t.grp });
}

/**
 * Quantity (and its profiles Age, Duration, ...): value with its precision range, unit and, for
 * UCUM codes, the canonical form. Money: the currency is the code (system ISO 4217). Range: one row
 * spanning low..high, an open bound being infinite. SampledData is a series, not one value: skipped.
 * A comparator (`<5`) is not widened: the row holds the written value.
 */
export function pushQuantities(t: Target, { value, type }: TypedValue): void {
  if (!isObject(value)) return;
  let core = cores.get(value);
  if (core === undefined) {
    core = quantityCore(value, type);
    cores.set(value, core);
  }
  if (core) t.rows.quantity.push({ param: t.param, ...core, grp: t.grp });
}

/** A quantity row without its param and grp. */
type QuantityCore = Omit<QuantityValue, 'param' | 'grp'>;

/**
 * Cores by the JSON object they came from: one Quantity is indexed under several parameters
 * (value-quantity, combo-value-quantity and their composites), its canonical form computed once.
 */
const cores = new WeakMap<object, QuantityCore | null>();

function quantityCore(value: Record<string, unknown>, type: string): QuantityCore | null {
  if (QUANTITY_TYPES.has(type)) {
    const decimal = decimalOf(value.value);
    return decimal === undefined ? null : withUnit({ value: decimal, ...numberRange(decimal) }, value);
  }
  if (type === 'Money') {
    const decimal = decimalOf(value.value);
    const currency = { system: ISO_4217, code: value.currency, unit: value.currency };
    return decimal === undefined ? null : withUnit({ value: decimal, ...numberRange(decimal) }, currency);
  }
  return type === 'Range' ? rangeCore(value) : null;
}

function rangeCore(range: Record<string, unknown>): QuantityCore | null {
  const low = isObject(range.low) ? range.low : undefined;
  const high = isObject(range.high) ? range.high : undefined;
  const lowValue = decimalOf(low?.value);
  const highValue = decimalOf(high?.value);
  const value = lowValue ?? highValue;
  if (value === undefined) return null;
  const bounds = { value, low: lowValue ?? NEGATIVE_INFINITY, high: highValue ?? POSITIVE_INFINITY };
  return withUnit(bounds, (lowValue !== undefined ? low : high)!);
}

interface Bounds {
  value: string;
  low: string;
  high: string;
}

function withUnit(bounds: Bounds, unit: Record<string, unknown>): QuantityCore {
  const system = str(unit.system);
  const code = str(unit.code);
  const canonical = system === UCUM && code !== null ? canonicalBounds(bounds, code) : undefined;
  return {
    ...bounds,
    system,
    code,
    unit: str(unit.unit),
    canonicalCode: canonical?.code ?? null,
    canonicalLow: canonical?.low ?? null,
    canonicalHigh: canonical?.high ?? null,
  };
}

function canonicalBounds(
  bounds: Bounds,
  code: string,
): { code: string; low: string; high: string } | undefined {
  const low = canonicalBound(bounds.low, code);
  const high = canonicalBound(bounds.high, code);
  return low && high && low.code === high.code
    ? { code: low.code, low: low.value, high: high.value }
    : undefined;
}

function canonicalBound(bound: string, code: string): { code: string; value: string } | undefined {
  if (bound === NEGATIVE_INFINITY || bound === POSITIVE_INFINITY) {
    const unit = canonicalQuantity('1', code);
    return unit && { code: unit.code, value: bound };
  }
  return canonicalQuantity(bound, code);
}

function decimalOf(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? decimalString(String(value)) : undefined;
}
