// A time series chart (uPlot: canvas, fast with thousands of points) with the reference range as a
// shaded band and flagged points marked, plus the same data as a table for screen readers and for
// anyone who prefers numbers (WCAG 1.1.1: a text alternative for non-text content). The canvas itself
// is aria-hidden; the figure's caption and the table carry the content. uPlot does not animate, so
// prefers-reduced-motion needs nothing switched off here.
import { Group, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { unitDisplay, useFormat } from '../i18n/format.ts';
import { alignSeries, tableRows, yRange, type ChartSeries, type ReferenceRange } from './chart-data.ts';
import { ScrollTable } from './ScrollTable.tsx';

export type { ChartPoint, ChartSeries, Flag, ReferenceRange } from './chart-data.ts';

export interface TimeSeriesChartProps {
  title: string;
  series: ChartSeries[];
  referenceRange?: ReferenceRange;
  /** What the shaded range is, when it is not a reference range (e.g. the patient's own target). */
  rangeLabel?: string;
  height?: number;
}

/** Line colours with at least 3:1 contrast on white (WCAG 1.4.11 non-text contrast). */
const PALETTE = ['#1c64b4', '#8a4a00', '#2b7a3d', '#7b3fa0'];
const FLAG_COLOR = '#c0182c';
const BAND_COLOR = 'rgba(43, 122, 61, 0.12)';

export function TimeSeriesChart({
  title,
  series,
  referenceRange,
  rangeLabel,
  height = 240,
}: TimeSeriesChartProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => alignSeries(series), [series]);
  const rows = useMemo(() => tableRows(series), [series]);

  useEffect(() => {
    const el = box.current;
    if (!el || data.xs.length === 0) return;
    const band = referenceBand(referenceRange);
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 280),
      height,
      // The legend is drawn by React below (uPlot's repeats every flag series and shows '--' until hovered).
      legend: { show: false },
      scales: { x: { time: true }, y: { range: () => yRange(data, referenceRange) } },
      axes: [
        {
          // Short tick labels ("Jun 2024", or "Jun 3" within a year) with room between them, so they never overlap.
          space: 90,
          values: (_u, splits) => {
            const span = (splits.at(-1) ?? 0) - (splits[0] ?? 0);
            const tick = new Intl.DateTimeFormat(
              i18n.language,
              span > 365 * 86_400 ? { month: 'short', year: 'numeric' } : { month: 'short', day: 'numeric' },
            );
            return splits.map((s) => tick.format(new Date(s * 1000)));
          },
        },
        { values: (_u, splits) => splits.map((s) => format.number(s)) },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length]!,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 5 },
        })),
        ...series.map((s) => ({
          label: `${s.label} (${t('chart.flag')})`,
          stroke: FLAG_COLOR,
          fill: FLAG_COLOR,
          paths: () => null,
          points: { show: true, size: 9, stroke: FLAG_COLOR, fill: FLAG_COLOR },
        })),
      ],
      hooks: band ? { drawClear: [band] } : {},
    };
    const plot = new uPlot(opts, [data.xs, ...data.values, ...data.flagged], el);
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(el.clientWidth, 280), height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, series, referenceRange, height, format, t, i18n.language]);

  const unit = series[0]?.unit;
  const rangeText = describeRange(referenceRange, (n) => format.number(n), t);
  const first = rows.at(-1)?.point.t;
  const last = rows[0]?.point.t;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <Text fw={600}>{title}</Text>
        {rangeText && (
          <Text size="sm" c="gray.7">
            {rangeLabel ?? t('chart.referenceRange')}: {rangeText} {unitDisplay(unit)}
          </Text>
        )}
        {first && last && (
          <Text size="sm" c="gray.7">
            {t('chart.summary', { count: rows.length, from: format.date(first), to: format.date(last) })}
          </Text>
        )}
      </figcaption>
      {rows.length === 0 ? (
        <Text size="sm">{t('chart.noData')}</Text>
      ) : (
        <>
          <div ref={box} aria-hidden="true" style={{ width: '100%', overflow: 'hidden' }} />
          <Group gap="md" aria-hidden="true" mt={4}>
            {series.length > 1 &&
              series.map((s, i) => (
                <Group key={s.label} gap={6} wrap="nowrap">
                  <span style={{ width: 14, height: 3, background: PALETTE[i % PALETTE.length] }} />
                  <Text size="sm">{s.label}</Text>
                </Group>
              ))}
            {data.flagged.some((f) => f.some((v) => v !== null)) && (
              <Group gap={6} wrap="nowrap">
                <span style={{ width: 9, height: 9, borderRadius: '50%', background: FLAG_COLOR }} />
                <Text size="sm">{t('chart.flaggedPoint')}</Text>
              </Group>
            )}
          </Group>
        </>
      )}
      {rows.length > 0 && (
        <details>
          <summary>{t('chart.showTable')}</summary>
          <ScrollTable label={title} minWidth={280}>
            <Table striped>
              <Table.Caption>{title}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('chart.date')}</Table.Th>
                  {series.length > 1 && <Table.Th scope="col">{t('chart.series')}</Table.Th>}
                  <Table.Th scope="col">{t('chart.value')}</Table.Th>
                  <Table.Th scope="col">{t('chart.flag')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ series: s, point }) => (
                  <Table.Tr key={`${s.label}-${point.t.getTime()}`}>
                    <Table.Td>{format.dateTime(point.t)}</Table.Td>
                    {series.length > 1 && <Table.Td>{s.label}</Table.Td>}
                    <Table.Td>{format.quantity(point.v, s.unit)}</Table.Td>
                    <Table.Td>{point.flag ? t(`chart.flags.${point.flag}`) : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </details>
      )}
    </figure>
  );
}

function describeRange(
  range: ReferenceRange | undefined,
  num: (n: number) => string,
  t: (key: string, o: Record<string, string>) => string,
): string {
  if (range?.low !== undefined && range.high !== undefined)
    return t('chart.range', { low: num(range.low), high: num(range.high) });
  if (range?.low !== undefined) return t('chart.atLeast', { low: num(range.low) });
  if (range?.high !== undefined) return t('chart.atMost', { high: num(range.high) });
  return '';
}

/** Shades the reference range across the plot area before the series are drawn. */
function referenceBand(range: ReferenceRange | undefined): ((u: uPlot) => void) | undefined {
  if (range?.low === undefined && range?.high === undefined) return undefined;
  return (u) => {
    const { left, top, width, height } = u.bbox;
    const y = (v: number | undefined, fallback: number) =>
      v === undefined ? fallback : Math.round(u.valToPos(v, 'y', true));
    const yHigh = Math.max(top, y(range.high, top));
    const yLow = Math.min(top + height, y(range.low, top + height));
    u.ctx.save();
    u.ctx.fillStyle = BAND_COLOR;
    u.ctx.fillRect(left, yHigh, width, yLow - yHigh);
    u.ctx.restore();
  };
}
