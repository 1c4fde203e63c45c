// The signed-in patient's prescriptions as rows, prescribers named.
import { useQuery } from '@tanstack/react-query';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { medicationRows } from './medication-rows.ts';

export function useMedications() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('MedicationRequest', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const requests = await fhir.searchAll<MedicationRequest>('MedicationRequest', { patient: patientId });
      const names = await fetchNames(
        fhir,
        requests.flatMap((r) => [r.requester, r.medicationReference]),
      );
      return medicationRows(requests, names);
    },
  });
}
