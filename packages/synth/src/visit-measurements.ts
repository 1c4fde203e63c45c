import type { Chart } from './chart.ts';
import { measuredAt } from './chart.ts';
import { findCase } from './chronic.ts';
import { MINUTE } from './fhir-values.ts';
import { creatinineFor, egfr, electrolytes, fastingGlucose, hba1c, lipids, ntProBnp } from './labs.ts';
import type { AcuteState } from './measurements.ts';
import {
  anthropometry,
  bloodPressure,
  bodyTemperature,
  heartRate,
  oxygenSaturation,
  respiratoryRate,
} from './measurements.ts';
import { bloodPressureObservation, quantityObservation, sarsCov2Positive } from './observation-resources.ts';
import { ageAt } from './physiology.ts';
import type { ObservationKey } from './tables/observations.ts';
import type { Visit } from './timeline.ts';

// What is measured at a visit. Vitals at every visit (BP from age 3, AAP 2017); height and weight at
// wellness visits. Labs follow the screening and monitoring guidance: lipids for adults ≥ 20 at
// wellness (ACC/AHA 2018), HbA1c from 35 (USPSTF 2021 diabetes screening) and every follow-up with
// diabetes (ADA 2023), renal panel for hypertension, diabetes, CKD, heart failure or age ≥ 60 (KDIGO),
// NT-proBNP in heart failure follow-up (ACC/AHA/HFSA 2022), SARS-CoV-2 NAA at COVID-19 visits.

export function recordVitals(
  chart: Chart,
  visit: Visit,
  encounterId: string,
  acute: AcuteState,
  findings: string[],
): void {
  const { body, rng } = chart;
  const t = visit.startMs + 5 * MINUTE;
  const age = ageAt(chart.person, t);
  const put = (key: ObservationKey, value: number): void => {
    chart.resources.push(quantityObservation(measuredAt(chart, t, encounterId), key, value));
  };
  if (age >= 3) {
    const bp = bloodPressure(body, t, rng);
    chart.resources.push(bloodPressureObservation(measuredAt(chart, t, encounterId), bp));
    findings.push(`BP ${bp[0]}/${bp[1]} mmHg`);
  }
  const hr = heartRate(body, t, rng, acute);
  put('heartRate', hr);
  put('respiratoryRate', respiratoryRate(body, t, rng, acute));
  const temperature = bodyTemperature(rng, acute);
  put('bodyTemperature', temperature);
  const spo2 = oxygenSaturation(body, t, rng, acute);
  put('oxygenSaturation', spo2);
  findings.push(`HR ${hr}/min`, `T ${temperature} °C`, `SpO2 ${spo2} %`);
  if (visit.kind === 'wellness') {
    const { height, weight, bmi } = anthropometry(body, t, rng);
    put('bodyHeight', height);
    put('bodyWeight', weight);
    put('bmi', bmi);
    findings.push(`weight ${weight} kg`, `BMI ${bmi} kg/m2`);
  }
}

function activeAt(chart: Chart, key: Parameters<typeof findCase>[1], t: number): boolean {
  const c = findCase(chart.body.cases, key);
  return c !== undefined && c.onsetMs <= t;
}

export function recordLabs(chart: Chart, visit: Visit, encounterId: string, findings: string[]): void {
  const { body, rng, person } = chart;
  const t = visit.startMs + 20 * MINUTE;
  const age = ageAt(person, t);
  if (visit.infection?.wave.illness.key === 'covid19') {
    chart.resources.push(sarsCov2Positive(measuredAt(chart, t, encounterId)));
    findings.push('SARS-CoV-2 NAA positive');
  }
  if (age < 18) return;
  const wellness = visit.kind === 'wellness';
  const followUp = visit.kind === 'followUp' || visit.kind === 'problem';
  const put = (key: ObservationKey, value: number): void => {
    chart.resources.push(quantityObservation(measuredAt(chart, t, encounterId), key, value));
  };
  if (wellness && age >= 20) {
    const lipid = lipids(body, t, rng);
    put('cholesterol', lipid.total);
    put('hdl', lipid.hdl);
    put('triglycerides', lipid.triglycerides);
    findings.push(`total cholesterol ${lipid.total} mg/dL`);
  }
  const diabetic = activeAt(chart, 'diabetes', t);
  if ((wellness && age >= 35) || (followUp && diabetic)) {
    const a1c = hba1c(body, t, rng);
    put('hba1c', a1c);
    put('glucose', fastingGlucose(a1c, rng));
    findings.push(`HbA1c ${a1c} %`);
  }
  const renalRisk = diabetic || activeAt(chart, 'hypertension', t) || activeAt(chart, 'heartFailure', t);
  const ckd = activeAt(chart, 'ckd', t);
  if ((wellness && (renalRisk || ckd || age >= 60)) || (followUp && ckd)) {
    const gfr = egfr(body, t, rng);
    put('egfr', gfr);
    put('creatinine', creatinineFor(gfr, age, person.sex));
    const { potassium, sodium } = electrolytes(body, gfr, rng);
    put('potassium', potassium);
    put('sodium', sodium);
    findings.push(`eGFR ${gfr} mL/min/1.73m2`);
  }
  if (followUp && activeAt(chart, 'heartFailure', t)) {
    const bnp = ntProBnp(body, t, rng);
    put('ntProBnp', bnp);
    findings.push(`NT-proBNP ${bnp} pg/mL`);
  }
}
