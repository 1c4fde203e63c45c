// The monitored patients, sickest first: each with their NEWS2 (score and band in words and colour),
// open alerts, and a sparkline of each vital sign over the last 24 hours; the name opens the chart.
import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format.ts';
import { chartPath } from './alert-inbox.tsx';
import type { MonitoredPatient } from './monitoring.types.ts';
import { News2Badge } from './news2-badge.tsx';
import { Sparkline } from './sparkline.tsx';

/** The order vital signs are read in at the bedside (NEWS2's order first), then the home-device ones. */
const CODES = ['9279-1', '59408-5', '8480-6', '8867-4', '8310-5', '29463-7', '2339-0', '55423-8'];

function PatientItem({ patient, nowMs }: { patient: MonitoredPatient; nowMs: number }) {
  const { t } = useTranslation('monitoring');
  const format = useFormat();
  const codes = CODES.filter((c) => (patient.series[c]?.length ?? 0) > 0);
  const id = `patient-${patient.patientId}`;
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      radius="md"
      aria-labelledby={id}
      data-patient-id={patient.patientId}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Title order={3} size="h4" id={id} style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={chartPath(patient.patientId)}>
            {patient.name || t('patients.unnamed')}
          </Anchor>
        </Title>
        <News2Badge news2={patient.news2} />
      </Group>
      <Text size="sm" mb="xs">
        {patient.openAlerts === 0
          ? t('patients.noAlerts')
          : t('patients.openAlerts', { count: patient.openAlerts })}
        {patient.news2 && ` · ${t('patients.scoredAt', { time: format.dateTime(patient.news2.at) })}`}
      </Text>
      {codes.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t('patients.noReadings')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="xs" verticalSpacing="xs">
          {codes.map((code) => (
            <Sparkline key={code} code={code} points={patient.series[code] ?? []} nowMs={nowMs} />
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

export function PatientList({ patients, nowMs }: { patients: MonitoredPatient[]; nowMs: number }) {
  const { t } = useTranslation('monitoring');
  return (
    <section aria-labelledby="patients-heading">
      <Title order={2} id="patients-heading" mb={4}>
        {t('patients.title')}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {patients.length === 0 ? t('patients.none') : t('patients.ranked', { count: patients.length })}
      </Text>
      {patients.length > 0 && (
        <Stack
          component="ul"
          gap="sm"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('patients.title')}
        >
          {patients.map((p) => (
            <PatientItem key={p.patientId} patient={p} nowMs={nowMs} />
          ))}
        </Stack>
      )}
    </section>
  );
}
