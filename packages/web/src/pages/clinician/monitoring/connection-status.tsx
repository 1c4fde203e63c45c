// The live feed's state in words, with a coloured dot (never colour alone), announced politely when it
// changes; while reconnecting, a countdown and a button to try at once.
import { Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveFeed } from './monitoring.resource.ts';

const DOT: Record<LiveFeed['state']['kind'], string> = {
  connecting: '#868e96',
  live: '#2b7a3d',
  reconnecting: '#a34700',
  refused: '#b3261e',
  closed: '#868e96',
};

function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionStatus({ feed }: { feed: LiveFeed }) {
  const { t } = useTranslation('monitoring');
  const { state } = feed;
  const seconds = useSecondsUntil(state.kind === 'reconnecting' ? state.retryAt : undefined);
  return (
    <Group gap="sm" wrap="wrap" data-connection={state.kind}>
      <Group gap={6} wrap="nowrap">
        <span
          aria-hidden="true"
          style={{ width: 10, height: 10, borderRadius: '50%', background: DOT[state.kind], flex: 'none' }}
        />
        <Text size="sm" fw={600} role="status" aria-live="polite">
          {t(`connection.${state.kind}`)}
        </Text>
        {state.kind === 'reconnecting' && seconds > 0 && (
          <Text size="sm" c="gray.7" aria-hidden="true">
            {t('connection.retryIn', { seconds })}
          </Text>
        )}
      </Group>
      {state.kind === 'reconnecting' && (
        <Button size="compact-sm" variant="default" onClick={feed.retryNow}>
          {t('connection.retryNow')}
        </Button>
      )}
    </Group>
  );
}
