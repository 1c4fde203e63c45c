// NEWS2 from FHIR R4 Observations, and its result as a FHIR R4 RiskAssessment. Pure: the caller passes the
// Observations, the time window and the assessment time.
//
// Codes read (LOINC, http://loinc.org; units UCUM, http://unitsofmeasure.org):
//   respiratory rate 9279-1 (/min) · SpO2 59408-5 (pulse oximetry) or 2708-6 (%) · systolic BP 8480-6 (mm[Hg]),
//   alone or as a component of the BP panel 85354-9 · heart rate 8867-4 (/min) · body temperature 8310-5 (Cel or
//   [degF]) · inhaled oxygen flow rate 3151-8 (L/min: > 0 means supplemental oxygen) or inhaled oxygen
//   concentration 3150-0 (%: above 21, room air's share, means supplemental oxygen).
// Consciousness: SNOMED CT 1104441000000107 "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score", the
//   concept the NHS England NEWS2 record and the UK emergency-department FHIR IG use; LOINC has no ACVPU code (its
//   responsiveness codes are AVPU without "new confusion", which NEWS2 scores 3). Answers: SNOMED 248234008
//   mentally alert, 300202002 responds to voice, 450847001 responds to pain, 422768004 unresponsive, or a letter
//   A/C/V/P/U from Hearth's ACVPU code system (new confusion has no International-edition SNOMED finding).
import { OperationOutcomeError } from '@hearth/fhir';
import type { Observation, Quantity, RiskAssessment } from '@medplum/fhirtypes';
import { news2ValueProblem, scoreNews2, type Acvpu, type News2Input, type News2Result } from './news2.ts';

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const HEARTH_ACVPU_SYSTEM = 'https://hearth.health/fhir/CodeSystem/acvpu';
export const HEARTH_RISK_METHOD_SYSTEM = 'https://hearth.health/fhir/CodeSystem/risk-method';
export const HEARTH_NEWS2_BAND_SYSTEM = 'https://hearth.health/fhir/CodeSystem/news2-band';
export const ACVPU_OBSERVATION_CODE = '1104441000000107';
const RISK_PROBABILITY = 'http://terminology.hl7.org/CodeSystem/risk-probability';

type Field = Exclude<keyof News2Input, 'hypercapnicRespiratoryFailure'>;

export interface News2Window {
  /** Inclusive ISO 8601 instants. */
  start: string;
  end: string;
}

export interface News2Inputs {
  input: News2Input;
  /** The Observation each input came from (the latest in the window). */
  basis: Partial<Record<Field, Observation>>;
  /** Observations with a NEWS2 code in the window that could not be used, and why. */
  ignored: { observation: string; reason: string }[];
}

const SNOMED_ACVPU: Readonly<Record<string, Acvpu>> = {
  '248234008': 'A',
  '300202002': 'V',
  '450847001': 'P',
  '422768004': 'U',
};

const HEARTH_ACVPU: Readonly<Record<string, Acvpu>> = { A: 'A', C: 'C', V: 'V', P: 'P', U: 'U' };

const USABLE_STATUS = new Set(['final', 'amended', 'corrected']);

function hasCode(
  codings: { system?: string; code?: string }[] | undefined,
  system: string,
  code: string,
): boolean {
  return (codings ?? []).some((c) => c.system === system && c.code === code);
}

function effectiveTime(o: Observation): number | undefined {
  const t = o.effectiveDateTime ?? o.effectiveInstant ?? o.effectivePeriod?.end ?? o.effectivePeriod?.start;
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The number of a UCUM quantity in one of the accepted units, converted by `convert`, or a reason it is unusable. */
function quantity(q: Quantity | undefined, units: Record<string, (v: number) => number>): number | string {
  if (q?.value === undefined) return 'no valueQuantity';
  const convert =
    q.code !== undefined && (q.system === undefined || q.system === UCUM) ? units[q.code] : undefined;
  if (convert === undefined)
    return `unit ${q.code ?? q.unit ?? '(none)'} is not one of ${Object.keys(units).join(', ')}`;
  return convert(q.value);
}

const same = (v: number): number => v;
const PER_MINUTE = { '/min': same, '{breaths}/min': same, '{beats}/min': same };
const PERCENT = { '%': same };
const MM_HG = { 'mm[Hg]': same };
// UCUM [degF] → Cel: (°F − 32) × 5/9.
const TEMPERATURE = { Cel: same, '[degF]': (f: number) => ((f - 32) * 5) / 9 };

type Reading = [Field, News2Input[Field]] | string | undefined;

function numeric(field: Field, v: number | string): Reading {
  return typeof v === 'string' ? v : [field, v];
}

function consciousness(o: Observation): Reading {
  const codings = o.valueCodeableConcept?.coding ?? [];
  for (const c of codings) {
    if (c.system === SNOMED && c.code !== undefined && SNOMED_ACVPU[c.code])
      return ['consciousness', SNOMED_ACVPU[c.code]];
    const letter = c.system === HEARTH_ACVPU_SYSTEM ? HEARTH_ACVPU[c.code ?? ''] : undefined;
    if (letter) return ['consciousness', letter];
  }
  return 'consciousness answer is not a known ACVPU code';
}

/** What NEWS2 input an Observation carries, a reason it is unusable, or undefined if it is not a NEWS2 input. */
function reading(o: Observation): Reading {
  const codes = o.code.coding;
  const loinc = (code: string) => hasCode(codes, LOINC, code);
  if (loinc('9279-1')) return numeric('respirationRate', quantity(o.valueQuantity, PER_MINUTE));
  if (loinc('59408-5') || loinc('2708-6')) return numeric('spo2', quantity(o.valueQuantity, PERCENT));
  if (loinc('8867-4')) return numeric('pulse', quantity(o.valueQuantity, PER_MINUTE));
  if (loinc('8310-5')) return numeric('temperature', quantity(o.valueQuantity, TEMPERATURE));
  if (loinc('8480-6')) return numeric('systolicBloodPressure', quantity(o.valueQuantity, MM_HG));
  if (loinc('85354-9')) {
    const systolic = o.component?.find((c) => hasCode(c.code.coding, LOINC, '8480-6'));
    if (!systolic) return 'blood pressure panel without a systolic (8480-6) component';
    return numeric('systolicBloodPressure', quantity(systolic.valueQuantity, MM_HG));
  }
  if (loinc('3151-8')) {
    const flow = quantity(o.valueQuantity, { 'L/min': same });
    return typeof flow === 'string' ? flow : ['supplementalOxygen', flow > 0];
  }
  if (loinc('3150-0')) {
    const fio2 = quantity(o.valueQuantity, PERCENT);
    return typeof fio2 === 'string' ? fio2 : ['supplementalOxygen', fio2 > 21];
  }
  if (hasCode(codes, SNOMED, ACVPU_OBSERVATION_CODE)) return consciousness(o);
  return undefined;
}

/**
 * The latest usable value of each NEWS2 input among `observations` whose effective time lies in `window`.
 * Only final, amended or corrected Observations count (not preliminary, cancelled or entered-in-error).
 */
export function news2InputsFromObservations(
  observations: readonly Observation[],
  window: News2Window,
): News2Inputs {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
    throw new OperationOutcomeError('bad-request', [
      { code: 'value', diagnostics: 'NEWS2 window needs ISO 8601 start and end instants with start ≤ end' },
    ]);
  }
  const latest = new Map<Field, { at: number; value: News2Input[Field]; observation: Observation }>();
  const ignored: News2Inputs['ignored'] = [];
  for (const o of observations) {
    const at = effectiveTime(o);
    if (at === undefined || at < start || at > end) continue;
    const r = reading(o);
    if (r === undefined) continue;
    const name = o.id ? `Observation/${o.id}` : '(Observation without id)';
    if (!USABLE_STATUS.has(o.status)) continue;
    if (typeof r === 'string') {
      ignored.push({ observation: name, reason: r });
      continue;
    }
    if (!o.id) {
      ignored.push({ observation: name, reason: 'no id to cite as the basis of the assessment' });
      continue;
    }
    const [field, value] = r;
    const problem = news2ValueProblem(field, value);
    if (problem !== undefined) {
      ignored.push({ observation: name, reason: problem });
      continue;
    }
    const prior = latest.get(field);
    if (!prior || at > prior.at) latest.set(field, { at, value, observation: o });
  }
  const input: News2Input = {};
  const basis: News2Inputs['basis'] = {};
  for (const [field, { value, observation }] of latest) {
    (input as Record<Field, unknown>)[field] = value;
    basis[field] = observation;
  }
  return { input, basis, ignored };
}

export interface News2AssessmentOptions {
  observations: readonly Observation[];
  window: News2Window;
  subject: RiskAssessment['subject'];
  /** When the assessment is made (ISO 8601); passed in, the package reads no clock. */
  occurrence: string;
  hypercapnicRespiratoryFailure?: boolean;
}

const QUALITATIVE: Record<News2Result['clinicalRisk'], { code: string; display: string }> = {
  low: { code: 'low', display: 'Low likelihood' },
  // RCP Chart 2 "low–medium" has no risk-probability code of its own; moderate is the nearer, safer reading.
  'low-medium': { code: 'moderate', display: 'Moderate likelihood' },
  medium: { code: 'moderate', display: 'Moderate likelihood' },
  high: { code: 'high', display: 'High likelihood' },
};

/** Scores NEWS2 from the window's Observations and returns it as a RiskAssessment (partial → preliminary). */
export function news2RiskAssessment(options: News2AssessmentOptions): {
  result: News2Result;
  riskAssessment: RiskAssessment;
  ignored: News2Inputs['ignored'];
} {
  const { input, basis, ignored } = news2InputsFromObservations(options.observations, options.window);
  const result = scoreNews2({
    ...input,
    hypercapnicRespiratoryFailure: options.hypercapnicRespiratoryFailure === true,
  });
  const riskAssessment = news2ResultRiskAssessment({
    result,
    subject: options.subject,
    occurrence: options.occurrence,
    basis: Object.values(basis).map((o) => ({ reference: `Observation/${o.id!}` })),
  });
  return { result, riskAssessment, ignored };
}

export interface News2ResultAssessmentOptions {
  result: News2Result;
  subject: RiskAssessment['subject'];
  /** When the assessment is made (ISO 8601). */
  occurrence: string;
  /** What the inputs came from (Observations, or the devices whose readings were scored). */
  basis: NonNullable<RiskAssessment['basis']>;
}

/** A NEWS2 result already scored (e.g. from live device readings) as a RiskAssessment (partial → preliminary). */
export function news2ResultRiskAssessment(options: News2ResultAssessmentOptions): RiskAssessment {
  const { result } = options;
  const label = `NEWS2 ${result.aggregate}${result.complete ? '' : ' (partial: ' + result.missing.join(', ') + ' missing)'}`;
  const q = QUALITATIVE[result.clinicalRisk];
  const riskAssessment: RiskAssessment = {
    resourceType: 'RiskAssessment',
    status: result.complete ? 'final' : 'preliminary',
    subject: options.subject,
    occurrenceDateTime: options.occurrence,
    code: {
      coding: [
        {
          system: SNOMED,
          code: '1104051000000101',
          display: 'NEWS2 (National Early Warning Score 2) total score',
        },
      ],
      text: 'NEWS2',
    },
    method: {
      coding: [
        {
          system: HEARTH_RISK_METHOD_SYSTEM,
          code: 'news2',
          display: 'National Early Warning Score 2 (RCP 2017)',
        },
      ],
      text: `NEWS2, Royal College of Physicians 2017, SpO2 scale ${result.scale}`,
    },
    basis: options.basis,
    prediction: [
      {
        outcome: { text: 'Acute clinical deterioration' },
        qualitativeRisk: {
          coding: [
            { system: RISK_PROBABILITY, ...q },
            { system: HEARTH_NEWS2_BAND_SYSTEM, code: result.band },
          ],
          text: result.clinicalRisk,
        },
        rationale: label,
      },
    ],
    note: [
      {
        text: `${label}; clinical risk ${result.clinicalRisk}. Monitoring: ${result.monitoring}. Response: ${result.actions.join('; ')}.`,
      },
    ],
  };
  return riskAssessment;
}
