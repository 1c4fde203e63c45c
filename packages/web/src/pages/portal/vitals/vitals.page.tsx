// "My readings" (issue #6 point 6): a chart per measurement over the last 30 days, the target the care
// team set shaded on it, and where there is none, a line that says so.
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TimeSeriesChart } from '../../../components/Chart.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { unitDisplay } from '../../../i18n/format.ts';
import { Empty, Item, ItemList } from '../portal-ui.tsx';
import { useMyVitals } from './vitals.resource.ts';

/** Measurements in the order they are usually taken at home. */
const ORDER = ['8480-6', '8462-4', '8867-4', '59408-5', '8310-5', '29463-7', '2339-0', '9279-1', '55423-8'];

export function VitalsPage() {
  const { t } = useTranslation('devices');
  const vitals = useMyVitals();
  return (
    <>
      <PageTitle title={t('vitals.title')} />
      <Text mb="md">{t('vitals.intro')}</Text>
      <QueryState query={vitals} loadingLabel={t('vitals.loading')}>
        {({ series, targets }) => {
          const shown = series
            .filter((s) => ORDER.includes(s.code) && s.points.length > 0)
            .sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
          if (shown.length === 0) return <Empty>{t('vitals.none')}</Empty>;
          return (
            <ItemList label={t('vitals.title')}>
              {shown.map((s) => {
                const target = targets.get(s.code);
                const name = t(`vitals.names.${s.code}`);
                return (
                  <Item key={s.code}>
                    <Stack gap="xs">
                      <TimeSeriesChart
                        title={t('vitals.chartTitle', { name, unit: unitDisplay(s.unit) })}
                        series={[{ ...s, label: name }]}
                        {...(target ? { referenceRange: target, rangeLabel: t('vitals.target') } : {})}
                      />
                      {target?.description && <Text size="sm">{target.description}</Text>}
                      {!target && (
                        <Text size="sm" c="gray.7">
                          {t('vitals.noTarget')}
                        </Text>
                      )}
                    </Stack>
                  </Item>
                );
              })}
            </ItemList>
          );
        }}
      </QueryState>
    </>
  );
}
