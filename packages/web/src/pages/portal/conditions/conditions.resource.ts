// The signed-in patient's conditions as rows.
import { useQuery } from '@tanstack/react-query';
import type { Condition } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { conditionRows } from './condition-rows.ts';

export function useConditions() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Condition', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => conditionRows(await fhir.searchAll<Condition>('Condition', { patient: patientId })),
  });
}
