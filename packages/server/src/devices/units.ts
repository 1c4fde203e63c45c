// UCUM unit conversion for device readings, through the UCUM reference library (@lhncbc/ucum-lhc,
// DESIGN.md §9). Every conversion a reading needs is affine (value × scale + offset: lb→kg, [degF]→Cel,
// mmol/L→mg/dL), so the library is asked once per unit pair and the line it draws is reused: a library call
// costs a few microseconds, too much at tens of thousands of readings a second.
// A named import: it resolves both as native ESM (Node's CommonJS export detection) and when a tool compiles
// this file to CommonJS, where a default import would find the library's `__esModule` flag and no default.
import { UcumLhcUtils } from '@lhncbc/ucum-lhc';

const utils = UcumLhcUtils.getInstance();

/** to = from × scale + offset. */
export interface UnitConversion {
  scale: number;
  offset: number;
}

export interface ConversionOptions {
  /** g/mol, for amount-of-substance ↔ mass conversions (e.g. glucose mmol/L → mg/dL). */
  molecularWeight?: number;
}

const conversions = new Map<string, UnitConversion>();

function ucumConvert(value: number, from: string, to: string, options: ConversionOptions): number {
  const result = utils.convertUnitTo(from, value, to, options);
  if (result.status !== 'succeeded' || result.toVal === null) {
    throw new Error(`UCUM cannot convert ${from} to ${to}: ${result.msg.join(' ')}`);
  }
  return result.toVal;
}

/**
 * The affine map from one UCUM unit to another, asked of the library once and cached. Throws (a programming
 * error, not a caller's) when the units are not UCUM, not commensurable, or the map is not affine.
 */
export function unitConversion(from: string, to: string, options: ConversionOptions = {}): UnitConversion {
  const key = `${from}\u0000${to}\u0000${options.molecularWeight ?? ''}`;
  const cached = conversions.get(key);
  if (cached) return cached;
  const offset = ucumConvert(0, from, to, options);
  const scale = ucumConvert(1, from, to, options) - offset;
  const probe = ucumConvert(1000, from, to, options);
  if (Math.abs(offset + 1000 * scale - probe) > 1e-9 * Math.max(1, Math.abs(probe))) {
    throw new Error(`UCUM conversion ${from} → ${to} is not affine`);
  }
  const conversion = { scale, offset };
  conversions.set(key, conversion);
  return conversion;
}

/**
 * `value` in `from` expressed in `to`, with binary floating point noise (98.6 [degF] → 37.00000000000001 Cel,
 * 32 [degF] → 5e-13 Cel) rounded away so that it never reaches a stored Observation.
 */
export function convertUnit(
  value: number,
  from: string,
  to: string,
  options: ConversionOptions = {},
): number {
  if (from === to) return value;
  const { scale, offset } = unitConversion(from, to, options);
  return roundNoise(value * scale + offset);
}

/**
 * Rounds to nine decimals and twelve significant digits: far below any device's resolution for readings of a
 * few thousand units at most, far above the noise of one multiply-add in doubles.
 */
export function roundNoise(value: number): number {
  const rounded = Math.round(value * 1e9) / 1e9;
  return rounded === 0 ? 0 : Number(rounded.toPrecision(12));
}

/** Whether `unit` is a valid case-sensitive UCUM expression. */
export function isUcumUnit(unit: string): boolean {
  return utils.validateUnitString(unit).status === 'valid';
}
