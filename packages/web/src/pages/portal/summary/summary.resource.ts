// The summary's own data: the patient (for the greeting), the newest vital signs and the last visit.
// The other cards share their pages' queries (same keys), so opening a page after the summary is instant.
import { useQuery } from '@tanstack/react-query';
import type { Encounter, Observation } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { latestVitals } from './latest-vitals.ts';
import { visitRows } from '../visits/visit-rows.ts';

const VITAL_SIGNS = 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';

/** The newest readings: the last 100 vital-sign Observations cover every measurement of recent visits. */
export function useLatestVitals() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Observation', 'portal-latest-vitals', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const bundle = await fhir.search<Observation>('Observation', {
        patient: patientId,
        category: VITAL_SIGNS,
        _sort: '-date',
        _count: '100',
      });
      return latestVitals((bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));
    },
  });
}

export function useLastVisit() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Encounter', 'portal-last', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const bundle = await fhir.search<Encounter>('Encounter', {
        patient: patientId,
        _sort: '-date',
        _count: '1',
      });
      return visitRows(
        (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])),
        new Map(),
      )[0];
    },
  });
}
