// "Add problem": a problem-list Condition. Common problems are suggested (coded in SNOMED CT); any
// other text is recorded as text.
import { Autocomplete, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { saveDraft, useChartSave } from '../chart/chart-save.ts';
import { fieldsByPath } from '../form-errors.ts';
import { FormModal, READABLE_DESCRIPTION } from '../form-parts.tsx';
import { COMMON_PROBLEMS, draftCondition, PROBLEM_PATHS, type ProblemField } from './condition-draft.ts';

const fieldOf = fieldsByPath(PROBLEM_PATHS);

export function ProblemForm({
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
  const [text, setText] = useState('');
  const [onset, setOnset] = useState('');
  const [errors, setErrors] = useState<{ fields: Partial<Record<ProblemField, string>>; other: string[] }>({
    fields: {},
    other: [],
  });
  const suggestions = COMMON_PROBLEMS.map((p) => ({ code: p.code, label: t(`problems.common.${p.code}`) }));

  const close = () => {
    setText('');
    setOnset('');
    setErrors({ fields: {}, other: [] });
    save.reset();
    onClose();
  };

  const submit = () => {
    const code = suggestions.find((s) => s.label === text.trim())?.code;
    const draft = draftCondition(
      { text, onset, ...(code ? { code } : {}) },
      { patientId, recorder: session.fhirUser, now: new Date() },
    );
    saveDraft(draft, { save, t, fieldOf, setErrors, onSaved: close });
  };

  return (
    <FormModal
      title={t('problems.add')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      saving={save.isPending}
      errors={errors.other}
    >
      <Autocomplete
        label={t('problems.problem')}
        description={t('problems.problemHint')}
        styles={READABLE_DESCRIPTION}
        value={text}
        onChange={setText}
        data={suggestions.map((s) => s.label)}
        error={errors.fields.code}
        required
      />
      <TextInput
        type="date"
        label={t('problems.onset')}
        value={onset}
        onChange={(e) => {
          setOnset(e.currentTarget.value);
        }}
        error={errors.fields.onset}
      />
    </FormModal>
  );
}
