import type { Resource } from '@medplum/fhirtypes';
import { recordAppointment } from './appointments.ts';
import { careTeamResource } from './care-team.ts';
import type { Chart } from './chart.ts';
import type { ChronicCase } from './chronic.ts';
import { sampleChronic } from './chronic.ts';
import { DAY } from './fhir-values.ts';
import type { Facilities } from './facilities.ts';
import { recordMonitoring } from './monitoring.ts';
import type { InfectionCase, Wave } from './outbreaks.ts';
import { sampleInfections } from './outbreaks.ts';
import type { Person } from './person.ts';
import { patientResource, samplePerson } from './person.ts';
import type { Trajectory } from './physiology.ts';
import { sampleTrajectory } from './physiology.ts';
import { recordAllergies, recordImmunizations } from './preventive-record.ts';
import { Random } from './random.ts';
import type { Window } from './timeline.ts';
import { planVisits } from './timeline.ts';
import { recordDiagnosis, recordVisit } from './visit-record.ts';

/** What all patients of one population share; built once, independent of the number of patients. */
export interface PopulationContext {
  readonly seed: string;
  readonly facilities: Facilities;
  readonly waves: readonly Wave[];
  readonly window: Window;
  readonly scheduleWeeks: number;
  readonly mrnPrefix: string;
}

export interface PatientProfile {
  readonly rng: Random;
  readonly person: Person;
  readonly cases: readonly ChronicCase[];
  readonly trajectory: Trajectory;
  readonly infections: readonly InfectionCase[];
}

/**
 * Who patient `index` is (demographics, chronic conditions, physiology, infections), before any
 * resource is written. The record is built from this, so statistics over profiles are statistics of
 * the generated population, at a fraction of the cost.
 */
export function patientProfile(context: PopulationContext, index: number): PatientProfile {
  const { facilities, window } = context;
  const rng = new Random(`${context.seed}|patient|${index}`);
  const person = samplePerson(rng, facilities, index, window.nowMs);
  const cases = sampleChronic(rng, person, window.nowMs);
  const trajectory = sampleTrajectory(rng, person, cases);
  const lived = { fromMs: Math.max(window.fromMs, person.birthMs + 30 * DAY), nowMs: window.nowMs };
  const infections = sampleInfections(rng, context.waves, person.clinic.cityIndex, lived);
  return { rng, person, cases, trajectory, infections };
}

/**
 * Patient `index`'s whole record (Patient first, then everything in their compartment). It draws from
 * its own PRNG seeded by (seed, index), so patient k is identical whatever N is and patients can be
 * generated in parallel.
 */
export function patientRecord(context: PopulationContext, index: number): Resource[] {
  const { facilities, window } = context;
  const { rng, person, cases, trajectory, infections } = patientProfile(context, index);
  const chart: Chart = {
    rng,
    person,
    body: { person, trajectory, cases },
    facilities,
    window,
    resources: [patientResource(rng, person, facilities, context.mrnPrefix)],
    prescribed: new Set(),
    diagnosed: new Set(),
  };
  chart.resources.push(careTeamResource(chart));
  recordAllergies(chart);
  const historyStart = Math.max(window.fromMs, person.birthMs);
  for (const c of cases) if (c.onsetMs < historyStart) recordDiagnosis(chart, c);
  for (const visit of planVisits(rng, person, cases, infections, window)) recordVisit(chart, visit);
  // A diagnosis whose visit fell outside clinic time still belongs on the problem list.
  for (const c of cases) recordDiagnosis(chart, c);
  recordImmunizations(chart);
  recordMonitoring(chart);
  recordAppointment(chart, context.scheduleWeeks);
  return chart.resources;
}
