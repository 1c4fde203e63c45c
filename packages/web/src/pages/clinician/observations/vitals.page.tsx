// Vital signs over time: the latest of each, a chart per vital sign (blood pressure as one chart with
// both pressures) with its reference range and flagged points, and the "Record vitals" form.
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeSeriesChart } from '../../../components/Chart.tsx';
import { unitDisplay } from '../../../i18n/format.ts';
import { QueryState } from '../../../components/QueryState.tsx';
import { usePatientId } from '../chart/chart.layout.tsx';
import { usePatientHeader, useObservations } from '../chart/chart.resource.ts';
import { toSeries, trendRows, type Series } from './observation-series.ts';
import { TrendTable } from './trend-table.tsx';
import { VITAL_KEYS, VITALS, vitalForCode, type VitalKey } from './vital-signs.ts';
import { VitalsForm } from './vitals-form.tsx';

export function VitalsPage() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const [recording, setRecording] = useState(false);
  const observations = useObservations(patientId, 'vital-signs');
  const patient = usePatientHeader(patientId).data?.patient;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('chart.section.vitals')}</Title>
        <Button
          onClick={() => {
            setRecording(true);
          }}
        >
          {t('vitals.record')}
        </Button>
      </Group>
      <QueryState query={observations} loadingLabel={t('vitals.loading')}>
        {(list) => (
          <VitalsCharts series={toSeries(list, { sex: patient?.gender, birthDate: patient?.birthDate })} />
        )}
      </QueryState>
      <VitalsForm
        patientId={patientId}
        opened={recording}
        onClose={() => {
          setRecording(false);
        }}
      />
    </Stack>
  );
}

function VitalsCharts({ series }: { series: Series[] }) {
  const { t } = useTranslation('clinician');
  const byKey = useMemo(() => {
    const map = new Map<VitalKey, Series>();
    for (const s of series) {
      const key = vitalForCode(s.code);
      if (key) map.set(key, s);
    }
    return map;
  }, [series]);
  const name = (key: VitalKey) => t(`vitals.names.${key}`);
  const labelled = (key: VitalKey): Series | undefined => {
    const s = byKey.get(key);
    return s && { ...s, label: name(key) };
  };
  if (byKey.size === 0) return <Text c="gray.7">{t('vitals.none')}</Text>;
  const pressures = [labelled('systolic'), labelled('diastolic')].filter((s): s is Series => s !== undefined);
  // In the order vital signs are taken and charted, not alphabetically.
  const rows = trendRows([...byKey.keys()].map((k) => labelled(k)!)).sort(
    (a, b) => VITAL_KEYS.indexOf(vitalForCode(a.code)!) - VITAL_KEYS.indexOf(vitalForCode(b.code)!),
  );
  const others = VITAL_KEYS.filter((k) => k !== 'systolic' && k !== 'diastolic' && byKey.has(k));
  return (
    <Stack gap="lg">
      <TrendTable caption={t('vitals.latest')} rows={rows} label={(row) => row.label} />
      {pressures.length > 0 && <TimeSeriesChart title={t('vitals.bloodPressureChart')} series={pressures} />}
      {others.map((key) => {
        const s = labelled(key)!;
        return (
          <TimeSeriesChart
            key={key}
            title={t('vitals.chartTitle', { name: name(key), unit: unitDisplay(VITALS[key].unit) })}
            series={[s]}
            {...(s.referenceRange ? { referenceRange: s.referenceRange } : {})}
          />
        );
      })}
    </Stack>
  );
}
