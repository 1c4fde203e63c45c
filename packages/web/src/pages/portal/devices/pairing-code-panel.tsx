// A pairing code for a device someone else set up (a clinic's blood pressure cuff): the code in large
// type, the time it has left counting down, and a new code once it has expired. The countdown is
// announced to screen readers now and then, not every second (pairing-countdown.ts).
import { Button, Card, Group, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyValueButton } from './credentials-panel.tsx';
import type { PairingCode } from './devices.resource.ts';
import { announceRemaining, remaining } from './pairing-countdown.ts';

function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [running]);
  return now;
}

export function PairingCodePanel({ pairing, onNewCode }: { pairing: PairingCode; onNewCode: () => void }) {
  const { t } = useTranslation('devices');
  const [running, setRunning] = useState(true);
  const left = remaining(pairing.expiresAt, useNow(running));
  const [spoken, setSpoken] = useState(() => t('pairing.expiresIn', { time: left.clock }));
  const text = left.expired ? t('pairing.expired') : t('pairing.expiresIn', { time: left.clock });
  // Adjusting state while rendering (React's pattern for derived state): stop the clock at expiry, and
  // update what the live region says only at the moments worth announcing.
  if (left.expired && running) setRunning(false);
  if (announceRemaining(left.seconds) && spoken !== text) setSpoken(text);
  return (
    <Card withBorder radius="md" padding="md" aria-labelledby="pairing-code-heading">
      <Title order={3} size="h4" id="pairing-code-heading" mb="xs">
        {t('pairing.codeTitle')}
      </Title>
      <Group gap="sm" align="center">
        <Text
          component="output"
          ff="monospace"
          fw={700}
          fz={28}
          style={{ letterSpacing: '0.15em' }}
          c={left.expired ? 'gray.6' : undefined}
          td={left.expired ? 'line-through' : undefined}
          aria-label={t('pairing.codeLabel', { code: pairing.code.split('').join(' ') })}
        >
          {pairing.code}
        </Text>
        {!left.expired && <CopyValueButton value={pairing.code} label={t('pairing.copy')} />}
      </Group>
      <Text size="sm" mt="xs" fw={600} aria-hidden="true" data-testid="pairing-countdown">
        {text}
      </Text>
      <VisuallyHidden role="status" aria-live="polite">
        {spoken}
      </VisuallyHidden>
      <Text size="sm" mt="xs">
        {t('pairing.howTo')}
      </Text>
      {left.expired && (
        <Button mt="sm" size="sm" variant="default" onClick={onNewCode}>
          {t('pairing.newCode')}
        </Button>
      )}
    </Card>
  );
}
