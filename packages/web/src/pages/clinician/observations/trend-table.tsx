// The latest value of each measurement, the one before it and which way it moved, with the flag and
// the range it was judged against. Arrows are decorative; the words say the trend.
import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { unitDisplay, useFormat } from '../../../i18n/format.ts';
import type { Range, TrendRow } from './observation-series.ts';
import { ScrollTable } from '../../../components/ScrollTable.tsx';

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;

export function TrendTable({
  caption,
  rows,
  label,
}: {
  caption: string;
  rows: TrendRow[];
  label: (row: TrendRow) => string;
}) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  const range = (r: Range | undefined, unit: string) => {
    if (!r) return '';
    const low = r.low === undefined ? '' : format.number(r.low);
    const high = r.high === undefined ? '' : format.number(r.high);
    const text = low && high ? `${low} – ${high}` : low ? `≥ ${low}` : `≤ ${high}`;
    return t(r.origin === 'typical' ? 'results.typicalRange' : 'results.reportRange', {
      range: `${text} ${unitDisplay(unit)}`.trim(),
    });
  };
  return (
    <ScrollTable label={t('common:table.results')} minWidth={640}>
      <Table striped>
        <Table.Caption c="gray.7">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('results.test')}</Table.Th>
            <Table.Th scope="col">{t('results.latest')}</Table.Th>
            <Table.Th scope="col">{t('results.previous')}</Table.Th>
            <Table.Th scope="col">{t('results.trend')}</Table.Th>
            <Table.Th scope="col">{t('results.range')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.code}>
              <Table.Th scope="row" fw={500}>
                {label(row)}
              </Table.Th>
              <Table.Td>
                {format.quantity(row.latest.v, row.unit)}{' '}
                {row.latest.flag && (
                  <Badge size="sm" color={row.latest.flag === 'A' ? 'orange' : 'red'} variant="light">
                    {t(`results.flags.${row.latest.flag}`)}
                  </Badge>
                )}
                <Text size="xs" c="gray.7">
                  {format.dateTime(row.latest.t)}
                </Text>
              </Table.Td>
              <Table.Td>
                {row.previous ? (
                  <>
                    {format.quantity(row.previous.v, row.unit)}
                    <Text size="xs" c="gray.7">
                      {format.dateTime(row.previous.t)}
                    </Text>
                  </>
                ) : (
                  t('results.none')
                )}
              </Table.Td>
              <Table.Td>
                {row.trend ? (
                  <>
                    <span aria-hidden="true">{ARROWS[row.trend]} </span>
                    {t(`results.trends.${row.trend}`)}
                  </>
                ) : (
                  t('results.none')
                )}
              </Table.Td>
              <Table.Td>{range(row.referenceRange, row.unit)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
