// Decimal arithmetic on strings, exact (no binary floating point): FHIR decimals keep their written
// precision (datatypes.html#decimal) and search ranges depend on it (search.html#number).
import { badRequest } from '../outcomes.ts';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A decimal as sign × digits × 10^exponent, with the digits exactly as written. */
interface ScaledDecimal {
  negative: boolean;
  digits: bigint;
  exponent: number;
}

function parseDecimal(s: string): ScaledDecimal | undefined {
  const m = DECIMAL.exec(s.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  return {
    negative: m[1] === '-',
    digits: BigInt(m[2]! + fraction),
    exponent: Number(m[4] ?? '0') - fraction.length,
  };
}

/** Writes n × 10^exponent as a plain decimal string (no exponent, no trailing fractional zeros). */
function formatScaled(n: bigint, exponent: number): string {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString();
  if (exponent >= 0) {
    digits = digits === '0' ? '0' : digits + '0'.repeat(exponent);
  } else {
    const padded = digits.padStart(-exponent + 1, '0');
    const whole = padded.slice(0, exponent);
    const fraction = padded.slice(exponent).replace(/0+$/, '');
    digits = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** A FHIR decimal (exponent form allowed in search values) as a plain decimal string; undefined if malformed. */
export function decimalString(s: string): string | undefined {
  const d = parseDecimal(s);
  if (!d) return undefined;
  return formatScaled(d.negative ? -d.digits : d.digits, d.exponent);
}

/**
 * The implicit range of a decimal by its significant figures (search.html#number): half a unit of
 * the last written digit either side. `100` → [99.5, 100.5), `100.00` → [99.995, 100.005),
 * `1e2` (one significant figure) → [50, 150). The spec's table shows [95, 105) for `1e2`, which
 * contradicts its own "1 significant figure" wording; we follow the wording (the strict reading).
 * A malformed decimal is the caller's mistake: bad request.
 */
export function numberRange(decimal: string): { low: string; high: string } {
  const d = parseDecimal(decimal);
  if (!d) throw badRequest(`Not a decimal: ${decimal}`);
  const value = (d.negative ? -d.digits : d.digits) * 10n;
  return { low: formatScaled(value - 5n, d.exponent - 1), high: formatScaled(value + 5n, d.exponent - 1) };
}
