// Open mHealth data points (https://www.openmhealth.org/documentation/#/schema-docs/schema-library), either the
// datapoint envelope (omh:data-point-1.0: {header: {schema_id: {namespace, name, version}, …}, body}) or the bare
// body. Field names and unit value sets follow the schemas cited in payloads-kinds.ts. Stricter than the
// schemas in two ways, both so that nothing is lost silently: effective_time_frame is required (optional in some
// 1.x schemas, but a reading without a time cannot be filed), and body fields the schemas do not define are
// refused.
import { KINDS, READING_KINDS, type KindSpec } from './payloads-kinds.ts';
import {
  describe,
  isObject,
  joinPath,
  report,
  reportUnknownFields,
  type ReadingContext,
} from './payloads-issues.ts';
import { bloodPressureComponents, measureValue, normalized, resolveUnit } from './payloads-measure.ts';
import { parseTimeFrame } from './payloads-time.ts';
import type { NormalizedReading, ReadingKind } from './types.ts';

// Optional body properties of the eight schemas (all versions Hearth accepts): context Hearth does not store.
const OPTIONAL_BODY_FIELDS = [
  'descriptive_statistic',
  'descriptive_statistic_denominator',
  'statistic_window',
  'temporal_relationship_to_physical_activity',
  'temporal_relationship_to_sleep',
  'temporal_relationship_to_meal',
  'user_notes',
  'body_posture',
  'position_during_measurement',
  'measurement_location',
  'system',
  'supplemental_oxygen_flow_rate',
  'oxygen_therapy_mode_of_administration',
  'measurement_method',
  'blood_specimen_type',
  'specimen_source',
];

const SYSTOLIC = 'systolic_blood_pressure';
const DIASTOLIC = 'diastolic_blood_pressure';

/** Body property → the kind it measures (both blood pressure components name blood-pressure). */
const KIND_BY_PROPERTY: ReadonlyMap<string, ReadingKind> = new Map([
  ...READING_KINDS.map((kind) => [KINDS[kind].omh.property, kind] as const),
  [DIASTOLIC, 'blood-pressure'],
]);

/** Whether an object looks like an Open mHealth data point or body at all. */
export function isOmhShaped(raw: Record<string, unknown>): boolean {
  return 'header' in raw || 'body' in raw || Object.keys(raw).some((k) => KIND_BY_PROPERTY.has(k));
}

const SCHEMA_NAMES = READING_KINDS.join(', ');

/** The kind named by header.schema_id, or undefined with an issue. */
function schemaKind(ctx: ReadingContext, header: unknown): KindSpec | undefined {
  if (!isObject(header)) {
    report(
      ctx,
      'header',
      `must be an object with schema_id {namespace, name, version}; got ${describe(header)}`,
    );
    return undefined;
  }
  const id = header.schema_id;
  if (!isObject(id)) {
    report(
      ctx,
      'header.schema_id',
      `is required: {"namespace": "omh", "name": "heart-rate", "version": "2.0"}`,
    );
    return undefined;
  }
  const { namespace, name, version } = id;
  if (namespace !== 'omh') {
    report(ctx, 'header.schema_id.namespace', `must be "omh"; got ${describe(namespace)}`);
    return undefined;
  }
  if (typeof name !== 'string' || !Object.hasOwn(KINDS, name)) {
    report(
      ctx,
      'header.schema_id.name',
      `${describe(name)} is not a schema Hearth accepts; use one of ${SCHEMA_NAMES}`,
    );
    return undefined;
  }
  const spec = KINDS[name as ReadingKind];
  const major =
    typeof version === 'string' && /^\d+\.\d+$/.test(version) ? Number(version.split('.')[0]) : NaN;
  if (!spec.omh.majors.includes(major)) {
    const accepted = spec.omh.majors.map((m) => `${m}.x`).join(', ');
    report(
      ctx,
      'header.schema_id.version',
      `${describe(version)}: Hearth accepts omh:${name} versions ${accepted} ("major.minor", e.g. "${spec.omh.majors.at(-1)}.0")`,
    );
    return undefined;
  }
  return spec;
}

/** The kind of a bare body, from the measure it carries. */
function bodyKind(ctx: ReadingContext, base: string, body: Record<string, unknown>): KindSpec | undefined {
  const kinds = new Set(Object.keys(body).flatMap((k) => KIND_BY_PROPERTY.get(k) ?? []));
  if (kinds.size === 1) return KINDS[[...kinds][0]!];
  const measures = READING_KINDS.map((k) => KINDS[k].omh.property).join(', ');
  report(
    ctx,
    base,
    kinds.size === 0
      ? `carries no measure Hearth knows; an Open mHealth body has one of ${measures}`
      : 'carries more than one measure; send one data point per measure',
  );
  return undefined;
}

/** One Open mHealth data point (envelope or bare body), or undefined with its issues reported. */
export function parseOmhDataPoint(
  ctx: ReadingContext,
  raw: Record<string, unknown>,
): NormalizedReading | undefined {
  const before = ctx.issues.length;
  const envelope = 'header' in raw || 'body' in raw;
  let spec: KindSpec | undefined;
  let body: unknown = raw;
  const base = envelope ? 'body' : '';
  if (envelope) {
    reportUnknownFields(ctx, {
      obj: raw,
      base: '',
      allowed: ['header', 'body'],
      what: 'an Open mHealth data point',
    });
    spec = schemaKind(ctx, raw.header);
    body = raw.body;
    if (!isObject(body)) {
      report(ctx, 'body', `must be the data point's body object; got ${describe(body)}`);
      return undefined;
    }
  } else {
    spec = bodyKind(ctx, base, raw);
  }
  if (spec === undefined || ctx.issues.length > before) return undefined;
  return parseBody(ctx, { spec, body: body as Record<string, unknown>, base });
}

function parseBody(
  ctx: ReadingContext,
  { spec, body, base }: { spec: KindSpec; body: Record<string, unknown>; base: string },
): NormalizedReading | undefined {
  const before = ctx.issues.length;
  const at = (k: string): string => joinPath(base, k);
  const measures = spec.kind === 'blood-pressure' ? [SYSTOLIC, DIASTOLIC] : [spec.omh.property];
  const allowed = [...measures, 'effective_time_frame', ...OPTIONAL_BODY_FIELDS];
  reportUnknownFields(ctx, { obj: body, base, allowed, what: `an omh:${spec.kind} body` });
  let measured: { value?: number; components?: NormalizedReading['components'] };
  if (spec.kind === 'blood-pressure') {
    const systolic = unitValue(ctx, {
      field: at(SYSTOLIC),
      raw: body[SYSTOLIC],
      spec,
      label: 'systolic blood pressure',
    });
    const diastolic = unitValue(ctx, {
      field: at(DIASTOLIC),
      raw: body[DIASTOLIC],
      spec,
      label: 'diastolic blood pressure',
    });
    const diastolicField = joinPath(at(DIASTOLIC), 'value');
    measured = {
      components: bloodPressureComponents(ctx, { systolic, diastolic, diastolicField, unit: spec.unit }),
    };
  } else if (spec.kind === 'step-count' && typeof body.step_count !== 'object') {
    // omh:step-count 1.x/2.x: step_count is a bare number (no unit).
    measured = {
      value: measureValue(ctx, { field: at('step_count'), raw: body.step_count, spec, ucum: spec.unit }),
    };
  } else {
    const field = at(spec.omh.property);
    measured = { value: unitValue(ctx, { field, raw: body[spec.omh.property], spec, label: spec.label }) };
  }
  const time = parseTimeFrame(ctx, at('effective_time_frame'), body.effective_time_frame);
  if (ctx.issues.length > before || time === undefined) return undefined;
  return normalized(spec, measured, time);
}

/** An omh unit-value {value, unit} → the value in the kind's canonical unit. */
function unitValue(
  ctx: ReadingContext,
  input: { field: string; raw: unknown; spec: KindSpec; label: string },
): number | undefined {
  const { field, raw, spec, label } = input;
  const example = `{"value": …, "unit": "${spec.omh.unit}"}`;
  if (raw === undefined || raw === null) {
    report(ctx, field, `is required: the ${label} as ${example}`);
    return undefined;
  }
  if (!isObject(raw)) {
    report(ctx, field, `must be ${example}; got ${describe(raw)}`);
    return undefined;
  }
  // omh:heart-rate-1.0 allows part_number and session inside heart_rate.
  const allowed =
    spec.kind === 'heart-rate' ? ['value', 'unit', 'part_number', 'session'] : ['value', 'unit'];
  reportUnknownFields(ctx, { obj: raw, base: field, allowed, what: 'a unit value' });
  const ucum = resolveUnit(ctx, joinPath(field, 'unit'), raw.unit, spec);
  const unitText = typeof raw.unit === 'string' ? raw.unit : undefined;
  return measureValue(ctx, { field: joinPath(field, 'value'), raw: raw.value, spec, ucum, unitText, label });
}
