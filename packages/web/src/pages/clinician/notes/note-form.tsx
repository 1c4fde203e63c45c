// "Write note": a plain-text clinical note by the signed-in practitioner (DocumentReference, current).
import { NativeSelect, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { useChartSave } from '../chart/chart-save.ts';
import { fieldsByPath, formErrorsOf } from '../form-errors.ts';
import { FormModal } from '../form-parts.tsx';
import { draftNote, MAX_NOTE_LENGTH, NOTE_TYPES, type NoteTypeCode } from './note-text.ts';

const NOTE_PATHS = fieldsByPath({
  type: ['DocumentReference.type'],
  text: ['DocumentReference.content'],
});

export function NoteForm({
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
  const [type, setType] = useState<NoteTypeCode>(NOTE_TYPES[0].code);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ type?: string; text?: string; other: string[] }>({ other: [] });

  const close = () => {
    setText('');
    setType(NOTE_TYPES[0].code);
    setErrors({ other: [] });
    save.reset();
    onClose();
  };

  const submit = () => {
    const draft = draftNote({ type, text }, { patientId, author: session.fhirUser, now: new Date() });
    if (!draft.ok) {
      setErrors({ text: t(draft.error, { max: MAX_NOTE_LENGTH }), other: [] });
      return;
    }
    setErrors({ other: [] });
    save.mutate([draft.resource], {
      onSuccess: close,
      onError: (err) => {
        const found = formErrorsOf(err, NOTE_PATHS);
        setErrors({ ...found.fields, other: found.other });
      },
    });
  };

  return (
    <FormModal
      title={t('notes.write')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      saving={save.isPending}
      errors={errors.other}
    >
      <NativeSelect
        label={t('notes.type')}
        value={type}
        onChange={(e) => {
          setType(e.currentTarget.value as NoteTypeCode);
        }}
        data={NOTE_TYPES.map((n) => ({ value: n.code, label: t(`notes.types.${n.code}`) }))}
        error={errors.type}
      />
      <Textarea
        label={t('notes.text')}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
        }}
        error={errors.text}
        autosize
        minRows={8}
        maxRows={20}
        required
      />
    </FormModal>
  );
}
