// A device's credentials with a copy button for each, and where the device sends its readings (HTTP
// and MQTT), so they can be typed or pasted into the device's app. Shown only on request.
import { Button, Card, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credentials } from './devices.resource.ts';

/**
 * "Copy" (named for what it copies) and, once done, "Copied" beside it in a polite live region: the
 * button's own name keeps its visible word (WCAG 2.5.3 Label in Name).
 */
export function CopyValueButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation('devices');
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          <Button size="compact-sm" variant="default" onClick={copy} aria-label={label}>
            {t('credentials.copy')}
          </Button>
          <Text span size="xs" role="status" aria-live="polite" c="green.9">
            {copied ? t('credentials.copied') : ''}
          </Text>
        </Group>
      )}
    </CopyButton>
  );
}

function Field({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text
          component="code"
          size="sm"
          ff="monospace"
          px={6}
          py={2}
          style={{
            overflowWrap: 'anywhere',
            background: 'var(--mantine-color-gray-1)',
            borderRadius: 4,
            flex: 1,
          }}
        >
          {value}
        </Text>
        <CopyValueButton value={value} label={copyLabel} />
      </Group>
    </Stack>
  );
}

export function CredentialsPanel({
  deviceId,
  name,
  credentials,
  onClose,
}: {
  deviceId: string;
  name: string;
  credentials: Credentials;
  onClose: () => void;
}) {
  const { t } = useTranslation('devices');
  const readingsUrl = `${window.location.origin}/devices/${encodeURIComponent(deviceId)}/readings`;
  const topic = `hearth/devices/${deviceId}/readings`;
  // They appear after a click elsewhere on the page: take keyboard and screen-reader users to them.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [deviceId]);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={`credentials-${deviceId}`}>
      <Title order={3} size="h4" id={`credentials-${deviceId}`} mb="xs" ref={heading} tabIndex={-1}>
        {t('credentials.title', { name })}
      </Title>
      <Text size="sm" mb="sm">
        {t('credentials.explain')}
      </Text>
      <Stack gap="sm">
        <Field
          label={t('credentials.username')}
          value={credentials.username}
          copyLabel={t('credentials.copyUsername')}
        />
        <Field
          label={t('credentials.password')}
          value={credentials.password}
          copyLabel={t('credentials.copyPassword')}
        />
        <Field
          label={t('credentials.httpUrl')}
          value={readingsUrl}
          copyLabel={t('credentials.copyHttpUrl')}
        />
        <Field label={t('credentials.mqttTopic')} value={topic} copyLabel={t('credentials.copyMqttTopic')} />
      </Stack>
      <Text size="sm" c="gray.7" mt="sm">
        {t('credentials.keepSafe')}
      </Text>
      <Button mt="sm" size="sm" variant="default" onClick={onClose} w="fit-content">
        {t('credentials.hide')}
      </Button>
    </Card>
  );
}
