// "Add allergy": an active, confirmed AllergyIntolerance. Common substances are suggested (coded in
// SNOMED CT, with their category filled in); any other text is recorded as text.
import { Autocomplete, NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { saveDraft, useChartSave } from '../chart/chart-save.ts';
import { fieldsByPath } from '../form-errors.ts';
import { FormModal, READABLE_DESCRIPTION } from '../form-parts.tsx';
import {
  ALLERGY_CATEGORIES,
  ALLERGY_PATHS,
  COMMON_ALLERGIES,
  CRITICALITIES,
  draftAllergy,
  type AllergyField,
  type AllergyValues,
} from './allergy-draft.ts';

const fieldOf = fieldsByPath(ALLERGY_PATHS);
const EMPTY: AllergyValues = { text: '', category: '', criticality: '', reaction: '', onset: '' };

export function AllergyForm({
  patientId,
  opened,
  onClose,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('clinician');
  const session = useSession();
  const save = useChartSave(patientId);
  const [values, setValues] = useState<AllergyValues>(EMPTY);
  const [errors, setErrors] = useState<{ fields: Partial<Record<AllergyField, string>>; other: string[] }>({
    fields: {},
    other: [],
  });
  const suggestions = COMMON_ALLERGIES.map((a) => ({ ...a, label: t(`allergies.common.${a.code}`) }));
  const set = (patch: Partial<AllergyValues>) => {
    setValues((v) => ({ ...v, ...patch }));
  };

  const close = () => {
    setValues(EMPTY);
    setErrors({ fields: {}, other: [] });
    save.reset();
    onClose();
  };

  const pickSubstance = (text: string) => {
    const known = suggestions.find((s) => s.label === text);
    // A picked common substance brings its category, unless the user already chose one.
    set(known && !values.category ? { text, category: known.category } : { text });
  };

  const submit = () => {
    const code = suggestions.find((s) => s.label === values.text.trim())?.code;
    const draft = draftAllergy(
      { ...values, ...(code ? { code } : {}) },
      { patientId, recorder: session.fhirUser, now: new Date() },
    );
    saveDraft(draft, { save, t, fieldOf, setErrors, onSaved: close });
  };

  return (
    <FormModal
      title={t('allergies.add')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      saving={save.isPending}
      errors={errors.other}
    >
      <Autocomplete
        label={t('allergies.substance')}
        description={t('allergies.substanceHint')}
        styles={READABLE_DESCRIPTION}
        value={values.text}
        onChange={pickSubstance}
        data={suggestions.map((s) => s.label)}
        error={errors.fields.code}
        required
      />
      <NativeSelect
        label={t('allergies.category')}
        value={values.category}
        onChange={(e) => {
          set({ category: e.currentTarget.value as AllergyValues['category'] });
        }}
        data={[
          { value: '', label: t('allergies.choose') },
          ...ALLERGY_CATEGORIES.map((c) => ({ value: c, label: t(`allergies.categories.${c}`) })),
        ]}
        error={errors.fields.category}
        required
      />
      <NativeSelect
        label={t('allergies.criticalityLabel')}
        value={values.criticality}
        onChange={(e) => {
          set({ criticality: e.currentTarget.value as AllergyValues['criticality'] });
        }}
        data={[
          { value: '', label: t('allergies.notAssessed') },
          ...CRITICALITIES.map((c) => ({ value: c, label: t(`allergies.criticality.${c}`) })),
        ]}
        error={errors.fields.criticality}
      />
      <TextInput
        label={t('allergies.reaction')}
        value={values.reaction}
        onChange={(e) => {
          set({ reaction: e.currentTarget.value });
        }}
        error={errors.fields.reaction}
      />
      <TextInput
        type="date"
        label={t('allergies.onset')}
        value={values.onset}
        onChange={(e) => {
          set({ onset: e.currentTarget.value });
        }}
        error={errors.fields.onset}
      />
    </FormModal>
  );
}
