// The newest reading of each vital sign, for the summary's "Latest vitals" card. A blood pressure
// panel (LOINC 85354-9) carries systolic 8480-6 and diastolic 8462-4 as components (FHIR R4
// observation-vitalsigns profile), shown together as "120/80".
import type { Observation } from '@medplum/fhirtypes';
import { conceptText } from '../record/fhir-text.ts';

const LOINC = 'http://loinc.org';
const BP_PANEL = '85354-9';
const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

export interface LatestVital {
  /** LOINC code of the measurement (the panel's for blood pressure). */
  code: string;
  name: string;
  /** One value, or systolic/diastolic for blood pressure. */
  values: readonly number[];
  unit: string | undefined;
  /** ISO effective time. */
  when: string | undefined;
}

function loinc(o: { code?: Observation['code'] }): string | undefined {
  return o.code?.coding?.find((c) => c.system === LOINC)?.code;
}

function effective(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
}

function reading(o: Observation, code: string): LatestVital | undefined {
  const when = effective(o);
  if (code === BP_PANEL) {
    const part = (c: string) => o.component?.find((x) => loinc(x) === c)?.valueQuantity;
    const [sys, dia] = [part(SYSTOLIC), part(DIASTOLIC)];
    if (sys?.value === undefined || dia?.value === undefined) return undefined;
    return {
      code,
      name: conceptText(o.code),
      values: [sys.value, dia.value],
      unit: sys.code ?? sys.unit,
      when,
    };
  }
  const q = o.valueQuantity;
  if (q?.value === undefined) return undefined;
  return { code, name: conceptText(o.code), values: [q.value], unit: q.code ?? q.unit, when };
}

/** Newest first per LOINC code; observations in error or without a value are skipped. */
export function latestVitals(observations: readonly Observation[]): LatestVital[] {
  const newest = new Map<string, LatestVital>();
  for (const o of observations) {
    if (o.status === 'entered-in-error' || o.status === 'cancelled') continue;
    const code = loinc(o);
    if (!code || code === SYSTOLIC || code === DIASTOLIC) continue;
    const r = reading(o, code);
    if (!r) continue;
    const seen = newest.get(code);
    if (!seen || (r.when ?? '') > (seen.when ?? '')) newest.set(code, r);
  }
  return [...newest.values()].sort(
    (a, b) => (b.when ?? '').localeCompare(a.when ?? '') || a.name.localeCompare(b.name),
  );
}
