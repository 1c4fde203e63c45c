// Every encounter, newest first, as a timeline: when, what kind (type and class), how long, and why.
import { Badge, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { usePatientId } from '../chart/chart.layout.tsx';
import { useAllEncounters } from '../chart/chart.resource.ts';
import { encounterRows, type EncounterRow } from './encounter-rows.ts';

export function EncountersPage() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const encounters = useAllEncounters(patientId);
  return (
    <Stack gap="md">
      <Title order={2}>{t('chart.section.encounters')}</Title>
      <QueryState query={encounters} loadingLabel={t('encounters.loading')}>
        {(list) => <EncounterTimeline rows={encounterRows(list)} />}
      </QueryState>
    </Stack>
  );
}

function EncounterTimeline({ rows }: { rows: EncounterRow[] }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  if (rows.length === 0) return <Text c="gray.7">{t('encounters.none')}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} component="ol" aria-label={t('encounters.timeline')}>
      {rows.map((row) => (
        <Timeline.Item
          key={row.id}
          component="li"
          title={
            <Text fw={600} component="h3" size="md" m={0}>
              {format.date(row.start)} · {row.type ?? t('encounters.untyped')}
            </Text>
          }
        >
          <Group gap="xs" mt={4} wrap="wrap">
            {row.classCode && (
              <Badge variant="light" tt="none">
                {t(`encounters.classes.${row.classCode}`, {
                  defaultValue: row.classDisplay ?? row.classCode,
                })}
              </Badge>
            )}
            <Text size="sm" c="gray.7">
              {row.end
                ? t('encounters.period', { start: format.dateTime(row.start), end: format.dateTime(row.end) })
                : t('encounters.started', { start: format.dateTime(row.start) })}
            </Text>
          </Group>
          {row.reasons.length > 0 && (
            <Text size="sm" mt={4}>
              {t('encounters.reason', { reasons: row.reasons.join(', ') })}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
