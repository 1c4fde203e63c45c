// The fixed search mix, with values drawn from the generated population (patients 0..k-1, which the
// search database always holds): each query type many times, each time with other values.
import type { Encounter, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { patientRecord, populationContext } from '@hearth/synth';
import { SYNTH_OPTIONS } from '../lib/search-data.ts';

const MRN_SYSTEM = 'https://hearth.health/fhir/sid/mrn';
const DAY = 86_400_000;

export interface SearchKind {
  name: string;
  /** The i-th query of this kind (a path under the server root). */
  query(i: number): string;
}

interface Sample {
  patient: Patient;
  observations: Observation[];
  encounters: Encounter[];
}

function samples(patients: number): Sample[] {
  const context = populationContext(SYNTH_OPTIONS);
  return Array.from({ length: patients }, (_, index) => {
    const record: Resource[] = patientRecord(context, index);
    return {
      patient: record[0] as Patient,
      observations: record.filter(
        (r): r is Observation => r.resourceType === 'Observation' && !!r.effectiveDateTime,
      ),
      encounters: record.filter((r): r is Encounter => r.resourceType === 'Encounter' && !!r.period?.start),
    };
  }).filter((s) => s.observations.length > 0 && s.encounters.length > 0);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7919) % xs.length]!;
const q = (path: string, params: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) search.append(k, x);
  return `/fhir/${path}?${search.toString()}`;
};

export function searchMix(patients: number): SearchKind[] {
  const all = samples(patients);
  const at = (i: number) => all[i % all.length]!;
  return [
    {
      name: 'Observation by patient, code and date range',
      query: (i) => {
        const s = at(i);
        const o = pick(s.observations, i);
        const t = Date.parse(o.effectiveDateTime!);
        return q('Observation', {
          patient: `Patient/${s.patient.id!}`,
          code: `${o.code.coding![0]!.system!}|${o.code.coding![0]!.code!}`,
          date: [`ge${day(t - 180 * DAY)}`, `lt${day(t + 180 * DAY)}`],
        });
      },
    },
    {
      name: 'Patient by name and birthdate',
      query: (i) => {
        const p = at(i).patient;
        return q('Patient', { name: p.name![0]!.family!, birthdate: p.birthDate! });
      },
    },
    {
      name: 'Encounter by date (one day)',
      query: (i) => q('Encounter', { date: day(Date.parse(pick(at(i).encounters, i).period!.start!)) }),
    },
    {
      name: 'chained: Encounter?patient.identifier=MRN',
      query: (i) => {
        const mrn = at(i).patient.identifier!.find((x) => x.system === MRN_SYSTEM)!;
        return q('Encounter', { 'patient.identifier': `${MRN_SYSTEM}|${mrn.value!}` });
      },
    },
    {
      name: 'Encounter by patient, _include practitioner, _revinclude Observation',
      query: (i) =>
        q('Encounter', {
          patient: `Patient/${at(i).patient.id!}`,
          _count: '10',
          _include: 'Encounter:practitioner',
          _revinclude: 'Observation:encounter',
        }),
    },
  ];
}
