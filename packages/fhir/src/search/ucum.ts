// UCUM canonical units, so quantities in commensurable units compare (search.html#quantity:
// "the server SHOULD convert to a canonical form", e.g. 1 g matches 1000 mg).
import { createRequire } from 'node:module';
import { decimalString } from './decimal.ts';

interface BaseUnitsResult {
  status: 'succeeded' | 'invalid' | 'failed' | 'error';
  magnitude?: number;
  unitToExp?: Record<string, number>;
  fromUnitIsSpecial?: boolean;
}

interface UcumUtils {
  convertToBaseUnits(unit: string, value: number): BaseUnitsResult;
}

/** How one unit code maps to base units: a factor (and offset, for Cel), or a function. */
type UnitConversion =
  { code: string; factor: number; offset?: number } | { code: string; convert: (v: number) => number };

// The library ships CommonJS without types; load it once.
const ucum = (
  createRequire(import.meta.url)('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): UcumUtils } }
).UcumLhcUtils.getInstance();

const conversions = new Map<string, UnitConversion | null>();

/** `{g: 1, m: -3}` → `g.m-3`: the product of base units, sorted so equal dimensions give equal codes. */
function baseUnitCode(unitToExp: Record<string, number>): string {
  const parts = Object.keys(unitToExp)
    .sort()
    .map((unit) => (unitToExp[unit] === 1 ? unit : `${unit}${unitToExp[unit]}`));
  return parts.length === 0 ? '1' : parts.join('.');
}

function lookUp(ucumCode: string): UnitConversion | null {
  // UCUM codes never contain whitespace; the library would log an error for each such code.
  if (ucumCode === '' || /\s/.test(ucumCode)) return null;
  const probe = ucum.convertToBaseUnits(ucumCode, 1);
  if (probe.status !== 'succeeded' || probe.magnitude === undefined || !probe.unitToExp) return null;
  const code = baseUnitCode(probe.unitToExp);
  if (!probe.fromUnitIsSpecial) return { code, factor: probe.magnitude };
  // Special units convert by a function, not a factor. Temperatures (Cel, [degF], [degRe]) are
  // affine: found from three probes, they convert without asking the library per value (which
  // re-parses the unit every call). Logarithmic ones ([pH], dB) are asked per value.
  const convert = (v: number): number => ucum.convertToBaseUnits(ucumCode, v).magnitude ?? Number.NaN;
  const offset = convert(0);
  // A wide probe keeps the factor's floating-point error far below the 15 digits kept.
  const factor = (convert(1000) - offset) / 1000;
  const affine = Math.abs(convert(100) - (100 * factor + offset)) <= 1e-9 * Math.abs(convert(100));
  return affine ? { code, factor, offset } : { code, convert };
}

function conversionFor(ucumCode: string): UnitConversion | null {
  let conversion = conversions.get(ucumCode);
  if (conversion === undefined) {
    conversion = lookUp(ucumCode);
    conversions.set(ucumCode, conversion);
  }
  return conversion;
}

/** 15 significant digits hide binary floating-point noise (0.1 × 3 = 0.30000000000000004). */
function toDecimal(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  return decimalString(n.toPrecision(15));
}

/**
 * `value` in `ucumCode` expressed in UCUM base units: (1000, mg) → (1, g); (37, Cel) → (310.15, K);
 * (120, mm[Hg]) → (15998640, g.m-1.s-2). Units of different dimension get different codes, so
 * mmol/L and mg/dL never compare (converting them needs a molar mass). undefined for a code UCUM
 * does not know or cannot convert (arbitrary units such as [IU]).
 */
export function canonicalQuantity(
  value: string,
  ucumCode: string,
): { code: string; value: string } | undefined {
  const conversion = conversionFor(ucumCode);
  const n = Number(value);
  if (!conversion || !Number.isFinite(n)) return undefined;
  const converted =
    'factor' in conversion ? n * conversion.factor + (conversion.offset ?? 0) : conversion.convert(n);
  const canonical = toDecimal(converted);
  return canonical === undefined ? undefined : { code: conversion.code, value: canonical };
}
