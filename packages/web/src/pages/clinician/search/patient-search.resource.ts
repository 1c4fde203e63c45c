// Results as you type: the query waits for a pause in typing (debounce) and each request carries the
// query's AbortSignal, so TanStack Query aborts a stale request when the text changes.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { patientRow, type PatientRow } from '../chart/patient-view.ts';
import { patientSearchParams, type PatientQuery } from './search-query.ts';

export interface PatientResults {
  rows: PatientRow[];
  /** The server has more matches than shown. */
  more: boolean;
}

export function usePatientSearch(query: PatientQuery | undefined) {
  const fhir = useFhir();
  const params = query ? patientSearchParams(query) : undefined;
  return useQuery({
    queryKey: fhirKey('Patient', 'search-box', params),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }): Promise<PatientResults> => {
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(params ?? {})) for (const one of [v].flat()) search.append(k, one);
      const bundle = await fhir.request<Bundle<Patient>>(`Patient?${search.toString()}`, { signal });
      const patients = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
      return {
        rows: patients.map(patientRow),
        more: bundle.link?.some((l) => l.relation === 'next') ?? false,
      };
    },
  });
}
