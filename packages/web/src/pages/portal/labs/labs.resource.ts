// The signed-in patient's lab results and vital signs, grouped per test (clinical/lab-results.ts).
// Sex and birth date come from their Patient resource: typical ranges can be sex-specific (hemoglobin)
// and age-specific (NT-proBNP), and adult ranges are not applied to children.
import type { Observation, Patient } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import type { LabTest } from '../../../clinical/lab-results.ts';
import { groupLabResults } from '../../../clinical/lab-results.ts';
import type { Sex } from '../../../clinical/typical-ranges.ts';

/** Observation categories shown (R4 observation-category); a comma is OR (search.html#combining). */
export const LAB_CATEGORIES = 'laboratory,vital-signs';

function sexOf(patient: Patient): Sex | undefined {
  return patient.gender === 'male' || patient.gender === 'female' ? patient.gender : undefined;
}

export function useLabTests() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Observation', 'portal-labs', patientId),
    enabled: patientId !== undefined,
    queryFn: async (): Promise<LabTest[]> => {
      const [patient, observations] = await Promise.all([
        fhir.read<Patient>('Patient', patientId!),
        fhir.searchAll<Observation>('Observation', {
          patient: patientId,
          category: LAB_CATEGORIES,
          _sort: '-date',
          _count: '500',
        }),
      ]);
      return groupLabResults(observations, { sex: sexOf(patient), birthDate: patient.birthDate });
    },
  });
}
