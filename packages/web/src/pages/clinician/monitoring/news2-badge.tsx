// A NEWS2 score as a badge: the number and the band in words, on the band's colour (news2-band.ts).
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BAND_STYLES, SEVERITY_STYLES, type BandStyle } from './news2-band.ts';
import type { AlertSeverity, News2Summary } from './monitoring.types.ts';

function Pill({ style, children }: { style: BandStyle; children: string }) {
  return (
    <Text
      span
      size="sm"
      fw={700}
      px={8}
      py={2}
      style={{
        background: style.background,
        color: style.color,
        border: `1px solid ${style.border}`,
        borderRadius: 4,
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </Text>
  );
}

export function News2Badge({ news2 }: { news2: News2Summary | undefined }) {
  const { t } = useTranslation('monitoring');
  if (!news2)
    return (
      <Text span size="sm" c="gray.7">
        {t('news2.none')}
      </Text>
    );
  const text = t('news2.badge', { score: news2.score, band: t(`news2.band.${news2.band}`) });
  return (
    <Pill style={BAND_STYLES[news2.band]}>
      {news2.complete === false ? `${text} (${t('news2.partial')})` : text}
    </Pill>
  );
}

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation('monitoring');
  return <Pill style={SEVERITY_STYLES[severity]}>{t(`alerts.severity.${severity}`)}</Pill>;
}
