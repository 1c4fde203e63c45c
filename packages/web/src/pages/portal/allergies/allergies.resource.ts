// The signed-in patient's allergies and intolerances as rows.
import { useQuery } from '@tanstack/react-query';
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { allergyRows } from './allergy-rows.ts';

export function useAllergies() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('AllergyIntolerance', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () =>
      allergyRows(await fhir.searchAll<AllergyIntolerance>('AllergyIntolerance', { patient: patientId })),
  });
}
