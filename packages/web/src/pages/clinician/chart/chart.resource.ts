// The chart's data hooks (STYLE.md §10: pages get view models, never raw Bundles). Keys start with
// ['fhir', <type>, 'chart', patientId] so a write of a type refreshes that type's panels; the banner's
// key starts with 'Patient' and is refreshed by allergy and flag writes (see useChartSave).
import type {
  AllergyIntolerance,
  Bundle,
  Condition,
  Encounter,
  Flag,
  Immunization,
  MedicationRequest,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';

export function chartKey(type: Resource['resourceType'], patientId: string, ...rest: unknown[]): unknown[] {
  return fhirKey(type, 'chart', patientId, ...rest);
}

function matches<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));
}

const ACTIVE_ALLERGY = 'active';

function isActiveAllergy(a: AllergyIntolerance): boolean {
  // ait-2: an allergy entered in error has no clinical status; only confirmed-or-unconfirmed active ones show.
  const verification = a.verificationStatus?.coding?.[0]?.code;
  return (
    a.clinicalStatus?.coding?.some((c) => c.code === ACTIVE_ALLERGY) === true &&
    verification !== 'entered-in-error' &&
    verification !== 'refuted'
  );
}

export interface PatientHeader {
  patient: Patient;
  allergies: AllergyIntolerance[];
  flags: Flag[];
}

/**
 * The patient with their allergies and flags in one request (search.html#revinclude); inactive ones
 * are filtered here because _revinclude cannot filter the included side.
 */
export function usePatientHeader(patientId: string) {
  const fhir = useFhir();
  return useQuery({
    queryKey: chartKey('Patient', patientId, 'header'),
    queryFn: async ({ signal }): Promise<PatientHeader> => {
      const query = new URLSearchParams([
        ['_id', patientId],
        ['_revinclude', 'AllergyIntolerance:patient'],
        ['_revinclude', 'Flag:patient'],
      ]);
      const bundle = await fhir.request<Bundle>(`Patient?${query.toString()}`, { signal });
      const patient = matches<Patient>(bundle, 'Patient').find((p) => p.id === patientId);
      if (!patient) throw new NotFoundError();
      return {
        patient,
        allergies: matches<AllergyIntolerance>(bundle, 'AllergyIntolerance').filter(isActiveAllergy),
        flags: matches<Flag>(bundle, 'Flag').filter((f) => f.status === 'active'),
      };
    },
  });
}

/** The search found no such patient (or one outside the practitioner's panel: the server hides it). */
export class NotFoundError extends Error {
  constructor() {
    super('Patient not found');
  }
}

function useChartSearch<T extends Resource>(
  type: T['resourceType'],
  patientId: string,
  params: Record<string, string>,
  opts: { all?: boolean } = {},
) {
  const fhir = useFhir();
  const full = { patient: patientId, ...params };
  return useQuery({
    queryKey: chartKey(type, patientId, full),
    queryFn: async () =>
      opts.all ? fhir.searchAll<T>(type, full) : matches<T>(await fhir.search<T>(type, full), type),
  });
}

/** Active problems (Condition clinical-status active), newest first. */
export const useActiveProblems = (patientId: string) =>
  useChartSearch<Condition>('Condition', patientId, {
    'clinical-status': 'active',
    _sort: '-recorded-date',
    _count: '200',
  });

export const useActiveMedications = (patientId: string) =>
  useChartSearch<MedicationRequest>('MedicationRequest', patientId, {
    status: 'active',
    _sort: '-authoredon',
    _count: '200',
  });

export const useImmunizations = (patientId: string) =>
  useChartSearch<Immunization>('Immunization', patientId, { _sort: '-date', _count: '200' });

/** The most recent encounters for the summary. */
export const useRecentEncounters = (patientId: string, count = 5) =>
  useChartSearch<Encounter>('Encounter', patientId, { _sort: '-date', _count: String(count) });

/** Every encounter, for the timeline. */
export const useAllEncounters = (patientId: string) =>
  useChartSearch<Encounter>('Encounter', patientId, { _sort: '-date', _count: '500' }, { all: true });

export type ObservationCategory = 'vital-signs' | 'laboratory';

/** Every Observation of a category, oldest first (charts read left to right). */
export const useObservations = (patientId: string, category: ObservationCategory) =>
  useChartSearch<Observation>(
    'Observation',
    patientId,
    { category, _sort: 'date', _count: '1000' },
    { all: true },
  );
