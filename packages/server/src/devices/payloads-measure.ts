// A reading's number and unit → the value in the kind's canonical UCUM unit, checked for plausibility; and the
// normalised reading built from it. Shared by the Hearth JSON and the Open mHealth parsers.
import { DIASTOLIC_CODE, SYSTOLIC_CODE, type KindSpec } from './payloads-kinds.ts';
import { describe, report, type ReadingContext } from './payloads-issues.ts';
import type { ReadingTime } from './payloads-time.ts';
import type { NormalizedReading } from './types.ts';
import { convertUnit, roundNoise } from './units.ts';

function unitList(spec: KindSpec): string {
  return Object.keys(spec.units).join(', ');
}

/** The UCUM code of the unit spelled `raw`, if the kind accepts that spelling. */
export function resolveUnit(
  ctx: ReadingContext,
  field: string,
  raw: unknown,
  spec: KindSpec,
): string | undefined {
  if (raw === undefined || raw === null) {
    report(ctx, field, `unit is required for ${spec.label}: one of ${unitList(spec)}`);
    return undefined;
  }
  if (typeof raw === 'string' && Object.hasOwn(spec.units, raw)) return spec.units[raw];
  report(
    ctx,
    field,
    `${describe(raw)} is not a ${spec.label} unit; use one of ${unitList(spec)} (case matters)`,
  );
  return undefined;
}

export interface MeasureInput {
  field: string;
  raw: unknown;
  spec: KindSpec;
  /** UCUM code of the unit the value is in (from resolveUnit); undefined when the unit was refused. */
  ucum: string | undefined;
  /** The unit as the sender spelled it, for messages; the UCUM code by default. */
  unitText?: string;
  /** Words for messages, e.g. 'systolic blood pressure'; the kind's label by default. */
  label?: string;
}

/** The value in the kind's canonical unit, or undefined (with an issue) when it is missing or implausible. */
export function measureValue(ctx: ReadingContext, input: MeasureInput): number | undefined {
  const { field, raw, spec, ucum } = input;
  const label = input.label ?? spec.label;
  if (raw === undefined || raw === null) {
    report(ctx, field, `${field.split('.').pop() ?? field} is required: the ${label} as a number`);
    return undefined;
  }
  if (typeof raw !== 'number') {
    const unquoted = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw));
    report(
      ctx,
      field,
      unquoted
        ? `must be a JSON number, not ${describe(raw)}; send ${Number(raw)} without quotes`
        : `must be the ${label} as a number; got ${describe(raw)}`,
    );
    return undefined;
  }
  if (!Number.isFinite(raw)) {
    report(ctx, field, `must be a finite number; got ${describe(raw)}`);
    return undefined;
  }
  if (ucum === undefined) return undefined;
  const value = convertUnit(
    raw,
    ucum,
    spec.unit,
    spec.molecularWeight ? { molecularWeight: spec.molecularWeight } : {},
  );
  if (value < spec.min || value > spec.max) {
    const converted = ucum === spec.unit ? '' : ` (${roundNoise(value)} ${spec.unit})`;
    report(
      ctx,
      field,
      `${label} ${raw} ${input.unitText ?? ucum}${converted} is outside the plausible range ${spec.min}–${spec.max} ${spec.unit}; ` +
        'check the unit and the sensor',
    );
    return undefined;
  }
  if (spec.integer && !Number.isInteger(value)) {
    report(ctx, field, `must be a whole number of ${spec.unit.replace(/[{}]/g, '')}; got ${raw}`);
    return undefined;
  }
  return value;
}

/** Systolic above diastolic, both in range: the two components of a blood pressure reading. */
export function bloodPressureComponents(
  ctx: ReadingContext,
  input: {
    systolic: number | undefined;
    diastolic: number | undefined;
    diastolicField: string;
    unit: string;
  },
): NormalizedReading['components'] {
  const { systolic, diastolic, unit } = input;
  if (systolic === undefined || diastolic === undefined) return undefined;
  if (systolic <= diastolic) {
    report(
      ctx,
      input.diastolicField,
      `diastolic ${diastolic} ${unit} is not below systolic ${systolic} ${unit}; check that the two are not swapped`,
    );
    return undefined;
  }
  return [
    { code: SYSTOLIC_CODE, value: systolic, unit },
    { code: DIASTOLIC_CODE, value: diastolic, unit },
  ];
}

/** The normalised reading: value or components, the effective time and (step count) the interval start. */
export function normalized(
  spec: KindSpec,
  measured: { value?: number; components?: NormalizedReading['components'] },
  time: ReadingTime,
): NormalizedReading {
  const reading: NormalizedReading = {
    kind: spec.kind,
    code: spec.code,
    unit: spec.unit,
    timeMs: time.timeMs,
  };
  if (measured.components) reading.components = measured.components;
  else reading.value = measured.value!;
  // types.ts: startMs is the step-count interval start; other kinds measured over an interval are filed at its end.
  if (spec.kind === 'step-count' && time.startMs !== undefined) reading.startMs = time.startMs;
  return reading;
}
