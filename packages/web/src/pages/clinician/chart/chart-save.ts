// Writing to the chart: one resource (create) or several at once (a transaction: all or none), then
// refresh the panels that show them.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { createTransaction, formErrorsOf, type FormErrors } from '../form-errors.ts';
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

/** A form's drafted resource, or the message keys of what the form's own checks refused, per field. */
export type Draft<F extends string, R extends Resource> =
  { ok: true; resource: R } | { ok: false; errors: Partial<Record<F, string>> };

/**
 * Saves a drafted resource: the draft's own refusals first (their message keys translated), else the
 * save, whose OperationOutcome errors go next to the fields they name.
 */
export function saveDraft<F extends string, R extends Resource>(
  draft: Draft<F, R>,
  form: {
    save: ReturnType<typeof useChartSave>;
    t: (key: string) => string;
    fieldOf: (expression: string) => F | undefined;
    setErrors: (errors: FormErrors<F>) => void;
    onSaved: () => void;
  },
): void {
  if (!draft.ok) {
    const fields = Object.fromEntries(
      Object.entries(draft.errors).map(([k, key]) => [k, form.t(key as string)]),
    );
    form.setErrors({ fields: fields as Partial<Record<F, string>>, other: [] });
    return;
  }
  form.setErrors({ fields: {}, other: [] });
  form.save.mutate([draft.resource], {
    onSuccess: form.onSaved,
    onError: (err) => {
      form.setErrors(formErrorsOf(err, form.fieldOf));
    },
  });
}
