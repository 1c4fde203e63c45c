// Remote monitoring (issue #6 point 6): the connection state of the live feed, the alert inbox and the
// monitored patients ranked by NEWS2 and open alerts — all kept current over /monitoring/ws without a
// reload. New alerts are also announced to screen readers (a polite live region).
import { Grid, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { AlertInbox } from './alert-inbox.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { useDashboard, useLiveMonitoring } from './monitoring.resource.ts';
import { PatientList } from './patient-list.tsx';

/** Sparklines slide along with time: the window's end moves once a minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 60_000);
    return () => {
      window.clearInterval(timer);
    };
  }, []);
  return now;
}

export function MonitoringPage() {
  const { t } = useTranslation('monitoring');
  const dashboard = useDashboard();
  const feed = useLiveMonitoring();
  const minute = useMinuteClock();
  const latest = feed.arrived.at(-1);
  // Live points may be newer than the minute clock: the window ends at whichever is later.
  const nowMs = Math.max(minute, dashboard.dataUpdatedAt);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <PageTitle title={t('title')} />
        <ConnectionStatus feed={feed} />
      </Group>
      <Text>{t('intro')}</Text>
      <VisuallyHidden role="status" aria-live="polite">
        {latest ? t('alerts.arrived', { patient: latest.patientName, summary: latest.summary }) : ''}
      </VisuallyHidden>
      <QueryState query={dashboard} loadingLabel={t('loading')}>
        {(data) => (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <AlertInbox alerts={data.alerts} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <PatientList patients={data.patients} nowMs={nowMs} />
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </Stack>
  );
}
