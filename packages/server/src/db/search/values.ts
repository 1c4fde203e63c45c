// One search value of one parameter type → a ValueTest (FHIR R4 search.html §3.1.1.4–3.1.1.4.9).
// Values go through the same normalisers as write-time extraction, so query and index agree.
import {
  canonicalQuantity,
  dateRange,
  decimalString,
  normalizeString,
  numberRange,
  parseReference,
} from '@hearth/fhir';
import type { NumberTest, ParamDef, ParamType, ParseContext, Prefix, RangeTest, ValueTest } from './ast.ts';
import { SearchParamError } from './ast.ts';
import { splitUnescaped, unescapeValue } from './escape.ts';

const UCUM = 'http://unitsofmeasure.org';
const PREFIXES: readonly Prefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
const STRING_MODES = { exact: 'exact', contains: 'contains' } as const;

export function parseValue(
  param: ParamDef,
  modifier: string | undefined,
  raw: string,
  ctx: ParseContext,
): ValueTest {
  if (raw === '') throw new SearchParamError(`Empty value for '${param.code}'`);
  switch (param.type) {
    case 'string':
      return stringTest(modifier, raw);
    case 'token':
      return tokenTest(modifier, raw);
    case 'reference':
      return referenceTest(param, modifier, raw, ctx);
    case 'uri':
      return uriTest(modifier, raw);
    case 'date':
      noModifier(param, modifier);
      return { kind: 'date', ...dateTest(raw, ctx.now) };
    case 'number':
      noModifier(param, modifier);
      return { kind: 'number', ...numberTest(raw) };
    case 'quantity':
      noModifier(param, modifier);
      return quantityTest(raw);
    case 'composite':
      noModifier(param, modifier);
      return compositeTest(param, raw, ctx);
    case 'special':
      throw new SearchParamError(`Parameter '${param.code}' is not supported`);
  }
}

function noModifier(param: ParamDef, modifier: string | undefined): void {
  if (modifier !== undefined)
    throw new SearchParamError(`Unsupported modifier :${modifier} on '${param.code}'`);
}

function stringTest(modifier: string | undefined, raw: string): ValueTest {
  const value = unescapeValue(raw);
  if (modifier === undefined) return { kind: 'string', mode: 'prefix', value: normalizeString(value) };
  if (modifier === 'exact') return { kind: 'string', mode: STRING_MODES.exact, value };
  if (modifier === 'contains')
    return { kind: 'string', mode: STRING_MODES.contains, value: normalizeString(value) };
  throw new SearchParamError(`Unsupported modifier :${modifier} on a string parameter`);
}

/** `code`, `system|code`, `|code` (no system), `system|` (any code in system) — search.html#token. */
function tokenTest(modifier: string | undefined, raw: string): ValueTest {
  // The index keeps display text lower-cased with accents (index-values.ts), so only lower-case here.
  if (modifier === 'text') return { kind: 'token-text', text: unescapeValue(raw).toLowerCase() };
  if (modifier !== undefined)
    throw new SearchParamError(`Unsupported modifier :${modifier} on a token parameter`);
  const parts = splitUnescaped(raw, '|').map(unescapeValue);
  if (parts.length > 2) throw new SearchParamError(`Malformed token '${raw}'`);
  if (parts.length === 1) return { kind: 'token', system: undefined, code: parts[0] };
  const [system, code] = parts as [string, string];
  if (system === '' && code === '') throw new SearchParamError(`Malformed token '${raw}'`);
  return { kind: 'token', system: system === '' ? null : system, code: code === '' ? undefined : code };
}

/** `id`, `Type/id`, an absolute URL, or a canonical `url|version` (search.html#reference). */
function referenceTest(
  param: ParamDef,
  modifier: string | undefined,
  raw: string,
  ctx: ParseContext,
): ValueTest {
  const value = unescapeValue(raw);
  if (modifier !== undefined && !(ctx.isResourceType(modifier) && param.targets.includes(modifier)))
    throw new SearchParamError(`Unsupported modifier :${modifier} on reference '${param.code}'`);
  if (!value.includes('/') && !value.includes(':')) {
    return { kind: 'reference', targetType: modifier, id: value, url: undefined };
  }
  const ref = parseReference(value, ctx.baseUrl);
  if (ref.type !== undefined && ref.id !== undefined) {
    if (modifier !== undefined && modifier !== ref.type)
      throw new SearchParamError(`Reference '${value}' is not a ${modifier}`);
    return { kind: 'reference', targetType: ref.type, id: ref.id, url: undefined };
  }
  return { kind: 'reference', targetType: undefined, id: undefined, url: ref.url };
}

function uriTest(modifier: string | undefined, raw: string): ValueTest {
  const value = unescapeValue(raw);
  if (modifier === undefined) return { kind: 'uri', mode: 'exact', value };
  if (modifier === 'below' || modifier === 'above') return { kind: 'uri', mode: modifier, value };
  throw new SearchParamError(`Unsupported modifier :${modifier} on a uri parameter`);
}

function splitPrefix(raw: string): [Prefix, string] {
  const head = raw.slice(0, 2) as Prefix;
  return PREFIXES.includes(head) && /^[a-z]{2}[-+0-9.]/.test(raw) ? [head, raw.slice(2)] : ['eq', raw];
}

/** Date value with prefix; `ap` widens the range by 10% of its gap to now (search.html#prefix). */
export function dateTest(raw: string, now: Date): RangeTest {
  const [prefix, text] = splitPrefix(unescapeValue(raw));
  const range = dateRange(text);
  if (!range) throw new SearchParamError(`Malformed date '${raw}'`);
  if (prefix !== 'ap') return { prefix, ...range };
  const low = Date.parse(range.low);
  const high = Date.parse(range.high);
  const slack = Math.round(Math.abs(now.getTime() - low) * 0.1);
  return { prefix, low: new Date(low - slack).toISOString(), high: new Date(high + slack).toISOString() };
}

function numberTest(raw: string): NumberTest {
  const [prefix, text] = splitPrefix(unescapeValue(raw));
  const value = decimalString(text);
  if (value === undefined) throw new SearchParamError(`Malformed number '${raw}'`);
  return { prefix, value, ...numberRange(text) };
}

/** `[prefix]number|system|code`, `number||code` (code or unit), `number` (search.html#quantity). */
function quantityTest(raw: string): ValueTest {
  const parts = splitUnescaped(raw, '|').map(unescapeValue);
  if (parts.length !== 1 && parts.length !== 3) throw new SearchParamError(`Malformed quantity '${raw}'`);
  const number = numberTest(parts[0]!);
  const system = parts[1] || undefined;
  const code = parts[2] || undefined;
  // Only UCUM quantities are compared by canonical value; `number||code` matches code or unit as written.
  const convertible = code !== undefined && system === UCUM;
  const low = convertible ? canonicalQuantity(number.low, code) : undefined;
  const high = convertible ? canonicalQuantity(number.high, code) : undefined;
  const value = convertible ? canonicalQuantity(number.value, code) : undefined;
  if (low && high && value) {
    return {
      kind: 'quantity',
      prefix: number.prefix,
      ...canonicalBounds(low.value, high.value, value.value),
      system,
      code,
      canonical: value.code,
    };
  }
  return { kind: 'quantity', ...number, system, code, canonical: undefined };
}

/** A conversion may reverse order only for negative factors, which UCUM has none of; still, keep low ≤ high. */
function canonicalBounds(low: string, high: string, value: string) {
  return Number(low) <= Number(high) ? { low, high, value } : { low: high, high: low, value };
}

/** `a$b`: one value per component, in order (search.html#composite). */
function compositeTest(param: ParamDef, raw: string, ctx: ParseContext): ValueTest {
  const parts = splitUnescaped(raw, '$');
  if (parts.length !== param.components.length)
    throw new SearchParamError(`'${param.code}' takes ${param.components.length} values joined by $`);
  return {
    kind: 'composite',
    parts: parts.map((part, i) => parseValue(componentDef(param, i), undefined, part, ctx)),
  };
}

function componentDef(param: ParamDef, i: number): ParamDef {
  const type: ParamType = param.components[i]!;
  return { code: `${param.code}$${i}`, type, targets: [], components: [] };
}
