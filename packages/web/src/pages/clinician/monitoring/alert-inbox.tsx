// The alert inbox: unanswered alerts first, most severe and newest first (dashboard-state.ts), each
// with its patient (a link to the chart), what happened, who answers and by when, and the two answers:
// Acknowledge (I am on it) and Escalate (pass it to the next responder now).
import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../../fhir/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { isUnanswered } from './dashboard-state.ts';
import { useAlertAction } from './monitoring.resource.ts';
import type { AlertView } from './monitoring.types.ts';
import { SeverityBadge } from './news2-badge.tsx';
import { useResponderName } from './responders.ts';

export function chartPath(patientId: string): string {
  return `/clinician/patients/${encodeURIComponent(patientId)}/vitals`;
}

function Fact({ label, value }: { label: string; value: string | undefined }) {
  if (!value) return null;
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:{' '}
      </Text>
      {value}
    </Text>
  );
}

function AlertItem({ alert }: { alert: AlertView }) {
  const { t } = useTranslation('monitoring');
  const format = useFormat();
  const action = useAlertAction();
  const responder = useResponderName();
  const patient = alert.patientName || t('patients.unnamed');
  const answerable = isUnanswered(alert);
  const pending = action.isPending ? action.variables.action : undefined;
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      radius="md"
      data-alert-id={alert.id}
      data-status={alert.status}
      aria-labelledby={`alert-${alert.id}`}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb={4}>
        <Title order={3} size="h5" id={`alert-${alert.id}`} style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={chartPath(alert.patientId)}>
            {patient}
          </Anchor>
          {' · '}
          {alert.summary}
        </Title>
        <SeverityBadge severity={alert.severity} />
      </Group>
      <Stack gap={2}>
        <Fact label={t('alerts.ruleLabel')} value={t(`alerts.rule.${alert.rule}`)} />
        <Fact label={t('alerts.raised')} value={format.dateTime(alert.createdAt)} />
        <Fact
          label={t('alerts.statusLabel')}
          value={
            alert.status === 'escalated'
              ? t('alerts.escalatedLevel', { level: alert.escalationLevel })
              : t(`alerts.status.${alert.status}`)
          }
        />
        <Fact label={t('alerts.owner')} value={responder(alert.owner)} />
        {answerable && <Fact label={t('alerts.due')} value={alert.dueAt && format.dateTime(alert.dueAt)} />}
        <Fact label={t('alerts.acknowledgedBy')} value={responder(alert.acknowledgedBy)} />
      </Stack>
      {Object.keys(alert.details).length > 0 && (
        <details>
          <summary>
            <Text span size="sm">
              {t('alerts.details.title')}
            </Text>
          </summary>
          <Stack gap={2} mt={4}>
            {Object.entries(alert.details).map(([key, value]) => (
              <Fact
                key={key}
                label={t(`alerts.details.${key}`, { defaultValue: key })}
                value={typeof value === 'number' ? format.number(value) : value}
              />
            ))}
          </Stack>
        </details>
      )}
      {answerable && (
        <Group gap="xs" mt="sm">
          <Button
            size="sm"
            color="blue.8"
            loading={pending === 'acknowledge'}
            disabled={action.isPending}
            aria-label={t('alerts.acknowledgeFor', { patient, summary: alert.summary })}
            onClick={() => {
              action.mutate({ alert, action: 'acknowledge' });
            }}
          >
            {t('alerts.acknowledge')}
          </Button>
          <Button
            size="sm"
            variant="default"
            loading={pending === 'escalate'}
            disabled={action.isPending}
            aria-label={t('alerts.escalateFor', { patient, summary: alert.summary })}
            onClick={() => {
              action.mutate({ alert, action: 'escalate' });
            }}
          >
            {t('alerts.escalate')}
          </Button>
        </Group>
      )}
      {action.isError && (
        <Alert role="alert" color="red" variant="light" mt="sm" title={t('alerts.refused')}>
          {errorText(action.error)}
        </Alert>
      )}
    </Card>
  );
}

export function AlertInbox({ alerts }: { alerts: AlertView[] }) {
  const { t } = useTranslation('monitoring');
  const waiting = alerts.filter(isUnanswered).length;
  return (
    <section aria-labelledby="alerts-heading">
      <Title order={2} id="alerts-heading" mb={4}>
        {t('alerts.title')}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {waiting === 0 ? t('alerts.noneWaiting') : t('alerts.waiting', { count: waiting })}
      </Text>
      {alerts.length > 0 && (
        <Stack
          component="ul"
          gap="sm"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('alerts.title')}
        >
          {alerts.map((alert) => (
            <AlertItem key={alert.id} alert={alert} />
          ))}
        </Stack>
      )}
    </section>
  );
}
