// Clinical notes: read them (newest first; text/plain shown as text, never as HTML) and write one.
import { Button, Group, Paper, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { usePatientId } from '../chart/chart.layout.tsx';
import type { NoteBody, NoteRow } from './note-text.ts';
import { NoteForm } from './note-form.tsx';
import { NOTES_PAGE, useNotes } from './notes.resource.ts';

export function NotesPage() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const [count, setCount] = useState(NOTES_PAGE);
  const [writing, setWriting] = useState(false);
  const notes = useNotes(patientId, count);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('chart.section.notes')}</Title>
        <Button
          onClick={() => {
            setWriting(true);
          }}
        >
          {t('notes.write')}
        </Button>
      </Group>
      <QueryState query={notes} loadingLabel={t('notes.loading')}>
        {(data) =>
          data.rows.length === 0 ? (
            <Text c="gray.7">{t('notes.none')}</Text>
          ) : (
            <Stack gap="sm">
              {data.rows.map((row) => (
                <Note key={row.id} row={row} />
              ))}
              {data.more && (
                <Button
                  variant="default"
                  onClick={() => {
                    setCount((c) => c + NOTES_PAGE);
                  }}
                  loading={notes.isFetching}
                >
                  {t('notes.more')}
                </Button>
              )}
            </Stack>
          )
        }
      </QueryState>
      <NoteForm
        patientId={patientId}
        opened={writing}
        onClose={() => {
          setWriting(false);
        }}
      />
    </Stack>
  );
}

function Note({ row }: { row: NoteRow }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={`note-${row.id}`}>
      <Title order={3} size="h5" id={`note-${row.id}`}>
        {format.dateTime(row.date) || t('patient.unknown')} · {row.type ?? t('notes.untyped')}
      </Title>
      <Text size="sm" c="gray.7" mb="xs">
        {row.author ? t('notes.by', { author: row.author }) : t('notes.unknownAuthor')}
        {row.status === 'superseded' && ` · ${t('notes.superseded')}`}
      </Text>
      <Body body={row.body} />
    </Paper>
  );
}

function Body({ body }: { body: NoteBody }) {
  const { t } = useTranslation('clinician');
  switch (body.kind) {
    case 'text':
      return (
        <Spoiler maxHeight={160} showLabel={t('notes.showMore')} hideLabel={t('notes.showLess')}>
          {/* React renders strings as text nodes: markup in a note is shown, never interpreted. */}
          <pre className="hearth-note-text">{body.text}</pre>
        </Spoiler>
      );
    case 'too-large':
      return <Text size="sm">{t('notes.tooLarge')}</Text>;
    case 'unreadable':
      return <Text size="sm">{t('notes.unreadable')}</Text>;
    case 'external':
      return <Text size="sm">{t('notes.external')}</Text>;
    case 'not-text':
      return <Text size="sm">{t('notes.notText', { type: body.contentType ?? '?' })}</Text>;
  }
}
