// Writing to the chart: one resource (create) or several at once (a transaction: all or none), then
// refresh the panels that show them.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { createTransaction } from '../form-errors.ts';
import { chartKey } from './chart.resource.ts';

export function useChartSave(patientId: string) {
  const fhir = useFhir();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (resources: readonly Resource[]): Promise<void> => {
      if (resources.length === 1) await fhir.create(resources[0]!);
      else
        await fhir.request<Bundle>('/', {
          method: 'POST',
          body: JSON.stringify(createTransaction(resources)),
        });
    },
    onSuccess: async (_saved, resources) => {
      const types = new Set(resources.map((r) => r.resourceType));
      await Promise.all([
        ...[...types].map((type) => client.invalidateQueries({ queryKey: fhirKey(type) })),
        // The banner shows allergies and flags from its own query.
        client.invalidateQueries({ queryKey: chartKey('Patient', patientId) }),
      ]);
    },
  });
}
