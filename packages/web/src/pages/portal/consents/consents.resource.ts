// The signed-in patient's Consents, their research and sharing choices as the server enforces them,
// the organizations they can choose about, and the writes that change a choice.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Consent, Encounter, Patient } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { consentRows, consentState, type ConsentChange } from './consent-shapes.ts';
import { sharingOrganizations } from './sharing-organizations.ts';

export function useConsents() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Consent', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const [consents, patient, encounters] = await Promise.all([
        fhir.searchAll<Consent>('Consent', { patient: patientId }),
        fhir.read<Patient>('Patient', patientId!),
        fhir.searchAll<Encounter>('Encounter', { patient: patientId, _count: '1000' }),
      ]);
      const organizations = sharingOrganizations(patient, encounters, consents);
      const names = await fetchNames(fhir, [
        ...organizations.map((o) => o.reference),
        ...consents.flatMap((c) => (c.provision?.actor ?? []).map((a) => a.reference)),
      ]);
      return { consents, state: consentState(consents), organizations, names, rows: consentRows(consents) };
    },
  });
}

/**
 * Applies a choice's writes one after the other (usually one). Each write is a whole, valid choice on
 * its own (a new opt-out, or one opt-out withdrawn), so a failure part-way leaves a state the page
 * shows truthfully after the refetch, never a half-written resource.
 */
export function useConsentChange() {
  const fhir = useFhir();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (changes: readonly ConsentChange[]) => {
      for (const change of changes) {
        if (change.kind === 'create') await fhir.create(change.resource);
        else await fhir.update(change.resource);
      }
    },
    onSettled: () => client.invalidateQueries({ queryKey: fhirKey('Consent') }),
  });
}
