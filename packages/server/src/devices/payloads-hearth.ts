// Hearth's own reading format (README "Sending readings"):
//   {"type": "heart-rate", "value": 72, "unit": "beats/min", "time": "2026-11-23T08:00:00Z"}
//   {"type": "blood-pressure", "systolic": 120, "diastolic": 80, "unit": "mmHg", "time": …}
//   {"type": "step-count", "value": 1200, "unit": "steps", "start": …, "time": …}   (start optional)
// Unknown fields are refused rather than ignored: a misspelt field ("vlaue") would otherwise be a silent loss.
import { KINDS, READING_KINDS, type KindSpec } from './payloads-kinds.ts';
import { describe, report, reportUnknownFields, type ReadingContext } from './payloads-issues.ts';
import { bloodPressureComponents, measureValue, normalized, resolveUnit } from './payloads-measure.ts';
import { parseInstant, type ReadingTime } from './payloads-time.ts';
import type { NormalizedReading, ReadingKind } from './types.ts';

const BLOOD_PRESSURE_FIELDS = ['type', 'systolic', 'diastolic', 'unit', 'time'];
const STEP_COUNT_FIELDS = ['type', 'value', 'unit', 'start', 'time'];
const VALUE_FIELDS = ['type', 'value', 'unit', 'time'];

function fieldsOf(kind: ReadingKind): readonly string[] {
  if (kind === 'blood-pressure') return BLOOD_PRESSURE_FIELDS;
  return kind === 'step-count' ? STEP_COUNT_FIELDS : VALUE_FIELDS;
}

function readingTime(
  ctx: ReadingContext,
  raw: Record<string, unknown>,
  spec: KindSpec,
): ReadingTime | undefined {
  const timeMs = parseInstant(ctx, 'time', raw.time);
  if (spec.kind !== 'step-count' || raw.start === undefined)
    return timeMs === undefined ? undefined : { timeMs };
  const startMs = parseInstant(ctx, 'start', raw.start);
  if (timeMs === undefined || startMs === undefined) return undefined;
  if (startMs >= timeMs) {
    report(ctx, 'start', 'must be before time: a step count covers the interval from start to time');
    return undefined;
  }
  return { timeMs, startMs };
}

/** One Hearth JSON reading (an object with `type`), or undefined with its issues reported. */
export function parseHearthReading(
  ctx: ReadingContext,
  raw: Record<string, unknown>,
): NormalizedReading | undefined {
  const { type } = raw;
  if (typeof type !== 'string' || !Object.hasOwn(KINDS, type)) {
    report(ctx, 'type', `${describe(type)} is not a reading type; use one of ${READING_KINDS.join(', ')}`);
    return undefined;
  }
  const spec = KINDS[type as ReadingKind];
  const before = ctx.issues.length;
  reportUnknownFields(ctx, {
    obj: raw,
    base: '',
    allowed: fieldsOf(spec.kind),
    what: `a ${spec.kind} reading`,
  });
  const ucum = resolveUnit(ctx, 'unit', raw.unit, spec);
  const unitText = typeof raw.unit === 'string' ? raw.unit : undefined;
  let measured: { value?: number; components?: NormalizedReading['components'] };
  if (spec.kind === 'blood-pressure') {
    const systolic = measureValue(ctx, {
      field: 'systolic',
      raw: raw.systolic,
      spec,
      ucum,
      unitText,
      label: 'systolic blood pressure',
    });
    const diastolic = measureValue(ctx, {
      field: 'diastolic',
      raw: raw.diastolic,
      spec,
      ucum,
      unitText,
      label: 'diastolic blood pressure',
    });
    measured = {
      components: bloodPressureComponents(ctx, {
        systolic,
        diastolic,
        diastolicField: 'diastolic',
        unit: spec.unit,
      }),
    };
  } else {
    measured = { value: measureValue(ctx, { field: 'value', raw: raw.value, spec, ucum, unitText }) };
  }
  const time = readingTime(ctx, raw, spec);
  if (ctx.issues.length > before || time === undefined) return undefined;
  return normalized(spec, measured, time);
}
