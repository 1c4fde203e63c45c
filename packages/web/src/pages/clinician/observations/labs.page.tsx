// Laboratory results: a table of every test's latest value with its trend, and the chart of the test
// chosen (with its reference range and flagged points; the chart's own table is the text alternative).
import { NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeSeriesChart } from '../../../components/Chart.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { usePatientId } from '../chart/chart.layout.tsx';
import { usePatientHeader, useObservations } from '../chart/chart.resource.ts';
import { toSeries, trendRows, type Series } from './observation-series.ts';
import { TrendTable } from './trend-table.tsx';

export function LabsPage() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const observations = useObservations(patientId, 'laboratory');
  const patient = usePatientHeader(patientId).data?.patient;
  return (
    <Stack gap="md">
      <Title order={2}>{t('chart.section.labs')}</Title>
      <QueryState query={observations} loadingLabel={t('labs.loading')}>
        {(list) => <Labs series={toSeries(list, { sex: patient?.gender, birthDate: patient?.birthDate })} />}
      </QueryState>
    </Stack>
  );
}

function Labs({ series }: { series: Series[] }) {
  const { t } = useTranslation('clinician');
  const rows = useMemo(() => trendRows(series), [series]);
  // Start with the first test whose latest value is flagged: the one most likely to need a look.
  const [chosen, setChosen] = useState<string | undefined>();
  if (rows.length === 0) return <Text c="gray.7">{t('labs.none')}</Text>;
  const code = chosen ?? rows.find((r) => r.latest.flag)?.code ?? rows[0]!.code;
  const shown = series.find((s) => s.code === code);
  return (
    <Stack gap="lg">
      <TrendTable caption={t('labs.tableCaption')} rows={rows} label={(row) => row.label} />
      <NativeSelect
        label={t('labs.chooseChart')}
        value={code}
        onChange={(e) => {
          setChosen(e.currentTarget.value);
        }}
        data={rows.map((r) => ({ value: r.code, label: r.label }))}
        maw={480}
      />
      {shown && (
        <TimeSeriesChart
          title={shown.label}
          series={[shown]}
          {...(shown.referenceRange ? { referenceRange: shown.referenceRange } : {})}
        />
      )}
    </Stack>
  );
}
