// One vital sign's last 24 hours as a tiny line (drawn, aria-hidden) beside its name and latest value
// (text, which is what screen readers get; the chart link leads to the full charts and tables).
import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { WINDOW_MS } from './dashboard-state.ts';
import type { SeriesPoint } from './monitoring.types.ts';
import { sparklinePath } from './sparkline-path.ts';

const WIDTH = 96;
const HEIGHT = 24;

/** UCUM units of the codes the dashboard shows (the contract's canonical units). */
const UNITS: Readonly<Record<string, string>> = {
  '8867-4': '/min',
  '9279-1': '/min',
  '59408-5': '%',
  '8480-6': 'mm[Hg]',
  '8462-4': 'mm[Hg]',
  '8310-5': 'Cel',
  '29463-7': 'kg',
  '2339-0': 'mg/dL',
  '55423-8': '{steps}',
};

export function Sparkline({ code, points, nowMs }: { code: string; points: SeriesPoint[]; nowMs: number }) {
  const { t } = useTranslation('monitoring');
  const format = useFormat();
  const latest = points.at(-1);
  const path = sparklinePath(points, {
    width: WIDTH,
    height: HEIGHT,
    startMs: nowMs - WINDOW_MS,
    endMs: nowMs,
  });
  return (
    <Stack gap={0}>
      <Text size="xs" c="gray.7">
        {t(`vitals.${code}`, { defaultValue: code })}
      </Text>
      <Group gap={6} wrap="nowrap">
        <svg width={WIDTH} height={HEIGHT} aria-hidden="true" style={{ flex: 'none' }}>
          <path d={path} fill="none" stroke="#1c64b4" strokeWidth={1.5} strokeLinejoin="round" />
        </svg>
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {latest ? format.quantity(latest[1], UNITS[code]) : t('patients.noValue')}
        </Text>
      </Group>
    </Stack>
  );
}
