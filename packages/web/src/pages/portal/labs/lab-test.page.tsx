// One test: what it measures and why, what high or low results can mean (plain language, cited), the
// trend chart with its table alternative, and every result with its range and flag, newest first.
import { Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LabTest } from '../../../clinical/lab-results.ts';
import { trendSeries } from '../../../clinical/lab-results.ts';
import { TimeSeriesChart } from '../../../components/Chart.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Pages } from '../portal-ui.tsx';
import {
  FlagBadge,
  RangeNotes,
  RangeText,
  ValueText,
  useLabText,
  useTestTitle,
  useValueLabel,
} from './lab-parts.tsx';
import { useLabTests } from './labs.resource.ts';
import { ScrollTable } from '../../../components/ScrollTable.tsx';

function Explanation({ test }: { test: LabTest }) {
  const { t } = useTranslation('labs');
  const text = useLabText()(test.loinc);
  if (!text || !test.knowledge) return <Text>{t('detail.noExplanation')}</Text>;
  const meanings = (['high', 'low', 'abnormal'] as const).filter((key) => text[key] !== undefined);
  return (
    <section aria-labelledby="lab-explanation">
      <Title order={2} id="lab-explanation" mb="sm">
        {t('detail.aboutTest')}
      </Title>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5">
            {t('detail.measures')}
          </Title>
          <Text>{text.measures}</Text>
        </div>
        <div>
          <Title order={3} size="h5">
            {t('detail.why')}
          </Title>
          <Text>{text.why}</Text>
        </div>
        {meanings.map((key) => (
          <div key={key}>
            <Title order={3} size="h5">
              {t(`detail.${key}`)}
            </Title>
            <Text>{text[key]}</Text>
          </div>
        ))}
        <Card withBorder padding="sm" radius="md">
          <Text fw={600}>{t('detail.careTeam')}</Text>
        </Card>
        <Text size="sm" c="gray.7">
          {t('detail.source')}{' '}
          <Anchor
            c="blue.8"
            href={test.knowledge.source.url}
            target="_blank"
            rel="noopener noreferrer"
            size="sm"
          >
            {test.knowledge.source.title}
          </Anchor>
        </Text>
      </Stack>
    </section>
  );
}

function Trend({ test, title }: { test: LabTest; title: string }) {
  const { t } = useTranslation('labs');
  const label = useValueLabel();
  const series = trendSeries(test);
  if (series.every((s) => s.points.length === 0)) return null;
  const single = series.length === 1 ? series[0] : undefined;
  return (
    <section aria-labelledby="lab-trend">
      <Title order={2} id="lab-trend" mb="sm">
        {t('detail.trend')}
      </Title>
      <TimeSeriesChart
        title={t('detail.chartTitle', { test: title })}
        series={series.map((s) => ({
          label: series.length > 1 ? label({ loinc: s.loinc, label: s.label, unitMismatch: false }) : title,
          unit: s.unit,
          points: s.points,
        }))}
        {...(single?.range && { referenceRange: single.range })}
      />
    </section>
  );
}

/** Results per page of the history table: monitored vitals can have thousands. */
const PER_PAGE = 25;

function History({ test }: { test: LabTest }) {
  const { t } = useTranslation('labs');
  const format = useFormat();
  const label = useValueLabel();
  const [page, setPage] = useState(1);
  const several = test.results.some((result) => result.values.length > 1);
  const values = test.results.flatMap((result) => result.values);
  // Columns that would be empty on every row are left out (a narrow phone has room for three).
  const withRange = values.some((value) => value.range);
  const withFlag = withRange || values.some((value) => value.flag);
  const shown = test.results.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  return (
    <section aria-labelledby="lab-history">
      <Title order={2} id="lab-history" mb="sm">
        {t('detail.history')}
      </Title>
      <ScrollTable label={t('detail.history')} minWidth={320}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('detail.date')}</Table.Th>
              {several && <Table.Th scope="col">{t('detail.measurement')}</Table.Th>}
              <Table.Th scope="col">{t('detail.result')}</Table.Th>
              {withFlag && <Table.Th scope="col">{t('detail.flag')}</Table.Th>}
              {withRange && <Table.Th scope="col">{t('detail.range')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.flatMap((result) =>
              result.values.map((value, index) => (
                <Table.Tr key={`${result.id}-${index}`}>
                  <Table.Td>
                    {result.effective ? format.dateTime(result.effective) : t('latestUndated')}
                    {result.status === 'preliminary' && ` (${t('status.preliminary')})`}
                  </Table.Td>
                  {several && <Table.Td>{label(value)}</Table.Td>}
                  <Table.Td>
                    <ValueText value={value} />
                  </Table.Td>
                  {withFlag && (
                    <Table.Td>{value.flag ? <FlagBadge flag={value.flag} /> : t('flag.none')}</Table.Td>
                  )}
                  {withRange && (
                    <Table.Td>
                      <RangeText value={value} />
                    </Table.Td>
                  )}
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Pages page={page} total={test.results.length} perPage={PER_PAGE} onChange={setPage} />
    </section>
  );
}

/** The notes on every range shown on the page (typical or the lab's, withheld, not compared), once each. */
function RangeNotesOfTest({ test }: { test: LabTest }) {
  return <RangeNotes values={test.results.flatMap((result) => result.values)} withSource />;
}

function TestPage({ test }: { test: LabTest }) {
  const title = useTestTitle()(test);
  return (
    <>
      <PageTitle title={title} />
      <Stack gap="xl">
        <Explanation test={test} />
        <RangeNotesOfTest test={test} />
        <Trend test={test} title={title} />
        <History test={test} />
      </Stack>
    </>
  );
}

export function LabTestPage() {
  const { t } = useTranslation('labs');
  const { code = '' } = useParams();
  const tests = useLabTests();
  return (
    <>
      <Anchor c="blue.8" component={Link} to="/portal/labs" size="sm" mb="sm" display="inline-block">
        {t('detail.back')}
      </Anchor>
      <QueryState query={tests} loadingLabel={t('loading')}>
        {(all) => {
          const test = all.find((candidate) => candidate.key === code);
          if (!test)
            return (
              <>
                <PageTitle title={t('detail.notFoundTitle')} />
                <Empty>{t('detail.notFound')}</Empty>
              </>
            );
          return <TestPage test={test} />;
        }}
      </QueryState>
    </>
  );
}
