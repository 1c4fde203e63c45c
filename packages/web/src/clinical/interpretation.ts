// Reference ranges and abnormal flags for one Observation value (the main value or a component).
//
// Order of trust: the Observation's own `interpretation` (the lab's flag), then its own
// `referenceRange` (the lab's range), and only then a curated typical range (typical-ranges.ts),
// labelled as such. A value whose unit differs from the range's unit is never flagged: without a
// conversion we cannot say whether 7 mmol/L is above 99 mg/dL. At a limit is within the range.
import type { CodeableConcept, Observation, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import { canonicalLoinc } from './lab-knowledge.ts';
import type { Citation, Sex, TypicalRange, TypicalRangeSet } from './typical-ranges.ts';
import { selectTypicalRange, typicalRangeSet } from './typical-ranges.ts';

/** N normal, H/L high/low, HH/LL critically high/low, A/AA abnormal/critically abnormal (non-numeric). */
export type Flag = 'N' | 'H' | 'L' | 'HH' | 'LL' | 'A' | 'AA';

export interface PatientFacts {
  readonly sex?: Sex | undefined;
  /** Age in completed years when the sample was taken. */
  readonly ageYears?: number | undefined;
}

export interface RangeView {
  readonly low?: number;
  readonly high?: number;
  readonly unit?: string;
  /** A range the lab gave only as text. */
  readonly text?: string;
  /** `report`: the lab's own range; `typical`: a curated general range. */
  readonly origin: 'report' | 'typical';
  readonly note?: TypicalRange['note'];
  readonly source?: Citation;
}

export interface InterpretedValue {
  readonly loinc?: string;
  readonly label: string;
  readonly value?: number;
  readonly comparator?: Quantity['comparator'];
  readonly unit?: string;
  /** The value of a non-numeric result (coded, string, boolean). */
  readonly text?: string;
  readonly range?: RangeView;
  readonly flag?: Flag;
  readonly flagOrigin?: 'report' | 'computed';
  /** The value's unit differs from its range's, so it was not compared. */
  readonly unitMismatch: boolean;
  /**
   * Why no typical range is shown although the test has one: `age` (typical ranges are for adults),
   * `sex` (the range depends on sex, which is not recorded).
   */
  readonly typicalWithheld?: 'age' | 'sex';
}

interface ValueSource {
  readonly code?: CodeableConcept;
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueString?: string;
  readonly valueBoolean?: boolean;
  readonly valueInteger?: number;
  readonly interpretation?: CodeableConcept[];
  readonly referenceRange?: ObservationReferenceRange[];
}

const LOINC = 'http://loinc.org';
const V3_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

// HL7 v3 ObservationInterpretation codes (FHIR R4 valueset observation-interpretation).
const REPORTED_FLAGS: Readonly<Record<string, Flag>> = {
  N: 'N',
  H: 'H',
  L: 'L',
  HH: 'HH',
  HU: 'HH',
  LL: 'LL',
  LU: 'LL',
  A: 'A',
  AA: 'AA',
  POS: 'A',
  DET: 'A',
  NEG: 'N',
  ND: 'N',
};

// SNOMED CT qualifier values used as coded results (e.g. Synthea's SARS-CoV-2 tests).
const CODED_RESULTS: Readonly<Record<string, Flag>> = {
  '10828004': 'A', // Positive
  '260373001': 'A', // Detected
  '260385009': 'N', // Negative
  '260415000': 'N', // Not detected
};

/** The LOINC code of a concept: the first coding with knowledge-independent LOINC system. */
export function loincOf(concept: CodeableConcept | undefined): string | undefined {
  return concept?.coding?.find((coding) => coding.system === LOINC && coding.code)?.code;
}

function reportedFlag(interpretation: CodeableConcept[] | undefined): Flag | undefined {
  for (const concept of interpretation ?? []) {
    for (const coding of concept.coding ?? []) {
      if (coding.system !== undefined && coding.system !== V3_INTERPRETATION) continue;
      const flag = coding.code === undefined ? undefined : REPORTED_FLAGS[coding.code];
      if (flag) return flag;
    }
  }
  return undefined;
}

function unitKey(quantity: Quantity | undefined): string | undefined {
  return quantity?.code ?? quantity?.unit;
}

const SNOMED_MALE = '248153007';
const SNOMED_FEMALE = '248152002';

function rangeApplies(range: ObservationReferenceRange, patient: PatientFacts): boolean {
  const meaning = range.type?.coding?.[0]?.code;
  if (meaning !== undefined && meaning !== 'normal') return false;
  const appliesTo = (range.appliesTo ?? []).flatMap((concept) => concept.coding ?? []);
  const sexes = appliesTo.flatMap((coding) =>
    coding.code === SNOMED_MALE ? ['male'] : coding.code === SNOMED_FEMALE ? ['female'] : [],
  );
  if (sexes.length > 0 && (patient.sex === undefined || !sexes.includes(patient.sex))) return false;
  if (range.age && patient.ageYears !== undefined) {
    const low = range.age.low?.value;
    const high = range.age.high?.value;
    if (low !== undefined && patient.ageYears < low) return false;
    if (high !== undefined && patient.ageYears > high) return false;
  }
  return true;
}

function reportRange(
  ranges: ObservationReferenceRange[] | undefined,
  patient: PatientFacts,
): RangeView | undefined {
  const range = ranges?.find((candidate) => rangeApplies(candidate, patient));
  if (!range) return undefined;
  const unit = unitKey(range.low) ?? unitKey(range.high);
  return {
    origin: 'report',
    ...(range.low?.value !== undefined && { low: range.low.value }),
    ...(range.high?.value !== undefined && { high: range.high.value }),
    ...(unit !== undefined && { unit }),
    ...(range.text !== undefined && { text: range.text }),
  };
}

function unitMatches(
  valueUnit: string | undefined,
  rangeUnit: string | undefined,
  set?: TypicalRangeSet,
): boolean {
  // A lab range without units is read in the value's units (R4 gives low/high the result's scale).
  if (rangeUnit === undefined) return true;
  if (valueUnit === rangeUnit) return true;
  return (
    set !== undefined &&
    valueUnit !== undefined &&
    rangeUnit === set.unit &&
    (set.equivalentUnits ?? []).includes(valueUnit)
  );
}

/** Flags a (possibly censored, e.g. "<5") value against [low, high]: only when the answer is certain. */
export function compareToRange(
  value: number,
  comparator: Quantity['comparator'],
  range: { low?: number | undefined; high?: number | undefined },
): 'N' | 'H' | 'L' | undefined {
  // The possible true values: [min, max], each bound open or closed.
  const min = comparator === '<' || comparator === '<=' ? -Infinity : value;
  const max = comparator === '>' || comparator === '>=' ? Infinity : value;
  const minOpen = comparator === '>';
  const maxOpen = comparator === '<';
  const { low, high } = range;
  if (high !== undefined && (min > high || (minOpen && min >= high))) return 'H';
  if (low !== undefined && (max < low || (maxOpen && max <= low))) return 'L';
  const aboveLow = low === undefined || min >= low;
  const belowHigh = high === undefined || max <= high;
  return aboveLow && belowHigh ? 'N' : undefined;
}

function escalate(
  flag: Flag | undefined,
  value: number,
  comparator: Quantity['comparator'],
  limits: TypicalRange,
): Flag | undefined {
  if (flag !== 'H' && flag !== 'L') return flag;
  const critical = compareToRange(value, comparator, { low: limits.criticalLow, high: limits.criticalHigh });
  if (flag === 'H' && critical === 'H') return 'HH';
  if (flag === 'L' && critical === 'L') return 'LL';
  return flag;
}

function valueText(source: ValueSource): string | undefined {
  if (source.valueCodeableConcept) {
    const concept = source.valueCodeableConcept;
    return (
      concept.text ?? concept.coding?.find((coding) => coding.display)?.display ?? concept.coding?.[0]?.code
    );
  }
  if (source.valueString !== undefined) return source.valueString;
  if (source.valueBoolean !== undefined) return String(source.valueBoolean);
  if (source.valueInteger !== undefined) return String(source.valueInteger);
  return undefined;
}

function codedFlag(concept: CodeableConcept | undefined): Flag | undefined {
  for (const coding of concept?.coding ?? []) {
    const flag = coding.code === undefined ? undefined : CODED_RESULTS[coding.code];
    if (flag) return flag;
  }
  return undefined;
}

/** Interprets one value (an Observation's own or a component's). */
export function interpretValue(source: ValueSource, patient: PatientFacts): InterpretedValue {
  const loinc = loincOf(source.code);
  const label =
    source.code?.text ?? source.code?.coding?.find((coding) => coding.display)?.display ?? loinc ?? '';
  const quantity = source.valueQuantity;
  const reported = reportedFlag(source.interpretation);
  const base = { ...(loinc !== undefined && { loinc }), label };

  if (quantity?.value === undefined) {
    const text = valueText(source);
    const flag = reported ?? codedFlag(source.valueCodeableConcept);
    const range = reportRange(source.referenceRange, patient);
    return {
      ...base,
      ...(text !== undefined && { text }),
      ...(range && { range }),
      ...(flag && { flag, flagOrigin: reported ? 'report' : 'computed' }),
      unitMismatch: false,
    };
  }

  const value = quantity.value;
  const comparator = quantity.comparator;
  const unit = unitKey(quantity);
  const set =
    loinc === undefined ? undefined : (typicalRangeSet(loinc) ?? typicalRangeSet(canonicalLoinc(loinc)));
  const typical = set && selectTypicalRange(set, patient);
  const criticalComparable = set !== undefined && typical !== undefined && unitMatches(unit, set.unit, set);

  let range: RangeView | undefined = reportRange(source.referenceRange, patient);
  let comparable: boolean;
  if (range) {
    comparable = range.low === undefined && range.high === undefined ? false : unitMatches(unit, range.unit);
  } else if (set && typical && (typical.low !== undefined || typical.high !== undefined)) {
    comparable = unitMatches(unit, set.unit, set);
    range = {
      origin: 'typical',
      unit: set.unit,
      source: set.source,
      ...(typical.low !== undefined && { low: typical.low }),
      ...(typical.high !== undefined && { high: typical.high }),
      ...(typical.note !== undefined && { note: typical.note }),
    };
  } else {
    comparable = false;
  }
  const withheld =
    range === undefined && set !== undefined && !typical ? withheldReason(set, patient) : undefined;
  const hasLimits = range !== undefined && (range.low !== undefined || range.high !== undefined);
  const unitMismatch = hasLimits && !comparable;
  // A typical range in other units would mislead more than help: leave it out.
  if (range?.origin === 'typical' && unitMismatch) range = undefined;

  const computed = comparable && range ? compareToRange(value, comparator, range) : undefined;
  let flag: Flag | undefined = reported ?? computed;
  if (criticalComparable && typical) flag = escalate(flag, value, comparator, typical);
  return {
    ...base,
    value,
    ...(comparator !== undefined && { comparator }),
    ...(quantity.unit !== undefined ? { unit: quantity.unit } : unit !== undefined && { unit }),
    ...(range && { range }),
    ...(flag && { flag, flagOrigin: reported ? 'report' : 'computed' }),
    unitMismatch,
    ...(withheld && { typicalWithheld: withheld }),
  };
}

function withheldReason(set: TypicalRangeSet, patient: PatientFacts): 'age' | 'sex' {
  const youngest = Math.min(...set.ranges.map((range) => range.minAge ?? 18));
  return patient.ageYears !== undefined && patient.ageYears < youngest ? 'age' : 'sex';
}

/** Every value of an Observation: its own value (if any), then each component's. */
export function interpretObservation(observation: Observation, patient: PatientFacts): InterpretedValue[] {
  const values: InterpretedValue[] = [];
  const hasOwnValue =
    observation.valueQuantity !== undefined ||
    observation.valueCodeableConcept !== undefined ||
    observation.valueString !== undefined ||
    observation.valueBoolean !== undefined ||
    observation.valueInteger !== undefined;
  if (hasOwnValue || !observation.component?.length) values.push(interpretValue(observation, patient));
  for (const component of observation.component ?? []) values.push(interpretValue(component, patient));
  return values;
}
