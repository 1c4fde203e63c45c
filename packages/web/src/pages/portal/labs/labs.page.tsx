// "Lab results": every test the patient has, grouped (vital signs, diabetes, kidneys…), each with its
// newest result, its range and flag, what the test measures in plain words, and a link to the test's
// page with the full explanation and the trend chart.
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LabTest } from '../../../clinical/lab-results.ts';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Item, ItemHeading, ItemList } from '../portal-ui.tsx';
import { RangeNotes, RangeText, ValueLine, useLabText, useTestTitle } from './lab-parts.tsx';
import { useLabTests } from './labs.resource.ts';

export function labTestPath(test: LabTest): string {
  return `/portal/labs/${encodeURIComponent(test.key)}`;
}

function TestCard({ test }: { test: LabTest }) {
  const { t } = useTranslation('labs');
  const format = useFormat();
  const title = useTestTitle()(test);
  const text = useLabText()(test.loinc);
  const latest = test.results[0]!;
  const several = latest.values.length > 1;
  return (
    <Item>
      <ItemHeading order={3}>{title}</ItemHeading>
      <Text size="sm" c="gray.7" mb={4}>
        {latest.effective ? t('latestOn', { date: format.dateTime(latest.effective) }) : t('latestUndated')}
        {latest.status === 'preliminary' && ` · ${t('status.preliminary')}`}
      </Text>
      <Stack gap={6}>
        {latest.values.map((value, index) => (
          <Stack key={`${value.loinc ?? value.label}-${index}`} gap={2}>
            <ValueLine value={value} showLabel={several} />
            <RangeText value={value} />
          </Stack>
        ))}
        <RangeNotes values={latest.values} />
      </Stack>
      {text && (
        <Text size="sm" mt="xs">
          {text.measures}
        </Text>
      )}
      <Anchor c="blue.8" component={Link} to={labTestPath(test)} size="sm" mt="xs" display="inline-block">
        {t('openTest', { test: title, count: test.results.length })}
      </Anchor>
    </Item>
  );
}

export function LabsPage() {
  const { t } = useTranslation('labs');
  const tests = useLabTests();
  return (
    <>
      <PageTitle title={t('title')} />
      <Text mb="md">{t('intro')}</Text>
      <QueryState query={tests} loadingLabel={t('loading')}>
        {(all) => {
          if (all.length === 0) return <Empty>{t('empty')}</Empty>;
          const groups = [...new Set(all.map((test) => test.group))];
          return (
            <Stack gap="xl">
              {groups.map((group) => (
                <section key={group} aria-labelledby={`lab-group-${group}`}>
                  <Title order={2} id={`lab-group-${group}`} mb="sm">
                    {t(`group.${group}`)}
                  </Title>
                  <ItemList>
                    {all
                      .filter((test) => test.group === group)
                      .map((test) => (
                        <TestCard key={test.key} test={test} />
                      ))}
                  </ItemList>
                </section>
              ))}
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
