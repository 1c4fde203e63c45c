// "Record vitals": one form for a set of vital signs taken together. Blood pressure is saved as one
// panel Observation; all the Observations of one save go in one transaction (all stored or none).
// Client checks catch obvious mistakes; the server's OperationOutcome lands next to the field it names.
import { NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { unitDisplay } from '../../../i18n/format.ts';
import { useChartSave } from '../chart/chart-save.ts';
import { entryIndex, formErrorsOf, withoutEntryPrefix } from '../form-errors.ts';
import { decimalSeparator, FormModal, toLocalInput } from '../form-parts.tsx';
import {
  draftVitals,
  EMPTY_VITALS,
  type VitalsEntry,
  type VitalsField,
  type VitalsValues,
} from './vitals-draft.ts';
import { VITAL_KEYS, VITALS, type VitalKey } from './vital-signs.ts';

export function VitalsForm({
  patientId,
  opened,
  onClose,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('clinician');
  const session = useSession();
  const save = useChartSave(patientId);
  const [values, setValues] = useState<VitalsValues>(EMPTY_VITALS);
  const [effective, setEffective] = useState(() => toLocalInput(new Date()));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<VitalsField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const separator = decimalSeparator(i18n.resolvedLanguage ?? i18n.language);

  const close = () => {
    setValues(EMPTY_VITALS);
    setEffective(toLocalInput(new Date()));
    setFieldErrors({});
    setFormErrors([]);
    save.reset();
    onClose();
  };

  const submit = () => {
    const draft = draftVitals(values, {
      patientId,
      performer: session.fhirUser,
      effective: new Date(effective),
      now: new Date(),
    });
    if (!draft.ok) {
      const { form, ...fields } = draft.errors;
      setFieldErrors(Object.fromEntries(Object.entries(fields).map(([k, key]) => [k, t(key)])));
      setFormErrors(form ? [t(form)] : []);
      return;
    }
    setFieldErrors({});
    setFormErrors([]);
    save.mutate(
      draft.entries.map((e) => e.resource),
      {
        onSuccess: close,
        onError: (err) => {
          const errors = formErrorsOf(err, (expression) => fieldForIssue(expression, draft.entries));
          setFieldErrors(
            Object.fromEntries(Object.entries(errors.fields).map(([k, m]) => [k, withoutEntryPrefix(m)])),
          );
          setFormErrors(errors.other.map(withoutEntryPrefix));
        },
      },
    );
  };

  const input = (key: VitalKey) => (
    <NumberInput
      key={key}
      label={t(`vitals.fields.${key}`, { unit: unitDisplay(VITALS[key].unit) })}
      value={values[key]}
      onChange={(value) => {
        setValues((v) => ({ ...v, [key]: value }));
      }}
      error={fieldErrors[key]}
      decimalScale={VITALS[key].decimals}
      decimalSeparator={separator}
      allowNegative={false}
      hideControls
      inputMode="decimal"
    />
  );

  return (
    <FormModal
      title={t('vitals.record')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      saving={save.isPending}
      errors={formErrors}
    >
      <TextInput
        type="datetime-local"
        label={t('vitals.fields.effective')}
        value={effective}
        onChange={(e) => {
          setEffective(e.currentTarget.value);
        }}
        error={fieldErrors.effective}
        required
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {VITAL_KEYS.map(input)}
      </SimpleGrid>
    </FormModal>
  );
}

/** The field a server issue is about: by transaction entry, or the only Observation of a single create. */
function fieldForIssue(expression: string, entries: readonly VitalsEntry[]): VitalKey | undefined {
  const index = entryIndex(expression) ?? (entries.length === 1 ? 0 : undefined);
  const entry = index === undefined ? undefined : entries[index];
  if (!entry) return undefined;
  // The blood pressure panel's second component is the diastolic pressure.
  if (entry.field === 'systolic' && /component\[1\]/.test(expression)) return 'diastolic';
  return entry.field;
}
