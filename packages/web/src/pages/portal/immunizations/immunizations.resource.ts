// The signed-in patient's immunizations as rows, performers named.
import { useQuery } from '@tanstack/react-query';
import type { Immunization } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { immunizationRows } from './immunization-rows.ts';

export function useImmunizations() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Immunization', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const shots = await fhir.searchAll<Immunization>('Immunization', { patient: patientId });
      const names = await fetchNames(
        fhir,
        shots.flatMap((s) => [...(s.performer ?? []).map((p) => p.actor), s.location]),
      );
      return immunizationRows(shots, names);
    },
  });
}
