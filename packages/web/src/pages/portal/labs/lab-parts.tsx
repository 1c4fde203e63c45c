// Pieces the lab pages share: a flag shown by icon AND words (never colour alone, WCAG 1.4.1), a value
// with its unit, its range labelled as the lab's own or a typical one, and the test's name in the
// reader's language.
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flag, InterpretedValue, RangeView } from '../../../clinical/interpretation.ts';
import type { LabText } from '../../../clinical/lab-knowledge.ts';
import { knowledgeLanguage, labKnowledge } from '../../../clinical/lab-knowledge.ts';
import type { LabTest } from '../../../clinical/lab-results.ts';
import { unitDisplay, useFormat } from '../../../i18n/format.ts';

// Filled badge colours with white text at 4.5:1 or more (WCAG 1.4.3): green 5.3:1, dark orange 6.1:1,
// red 5.5:1.
const NORMAL = '#2b7a3d';
const OUT_OF_RANGE = '#a84300';
const CRITICAL = '#c92a2a';
const FLAG_STYLE: Readonly<Record<Flag, { icon: string; color: string }>> = {
  N: { icon: '✓', color: NORMAL },
  H: { icon: '↑', color: OUT_OF_RANGE },
  L: { icon: '↓', color: OUT_OF_RANGE },
  A: { icon: '!', color: OUT_OF_RANGE },
  HH: { icon: '⇈', color: CRITICAL },
  LL: { icon: '⇊', color: CRITICAL },
  AA: { icon: '‼', color: CRITICAL },
};

export function FlagBadge({ flag }: { flag: Flag }) {
  const { t } = useTranslation('labs');
  const style = FLAG_STYLE[flag];
  return (
    <Badge
      color={style.color}
      variant="filled"
      leftSection={<span aria-hidden="true">{style.icon}</span>}
      style={{ textTransform: 'none' }}
    >
      {t(`flag.${flag}`)}
    </Badge>
  );
}

/** The explanation texts in the current language. */
export function useLabText(): (loinc: string | undefined) => LabText | undefined {
  const { i18n } = useTranslation('labs');
  const language = knowledgeLanguage(i18n.resolvedLanguage ?? i18n.language);
  return (loinc) => (loinc === undefined ? undefined : labKnowledge(loinc)?.text[language]);
}

export function useTestTitle(): (test: LabTest) => string {
  const text = useLabText();
  const { t } = useTranslation('labs');
  return (test) => text(test.loinc)?.title ?? (test.name || t('unnamedTest'));
}

/** "Systolic" etc. for a component; the lab's own label for anything unexplained. */
export function useValueLabel(): (value: InterpretedValue) => string {
  const text = useLabText();
  return (value) => text(value.loinc)?.title ?? value.label;
}

export function ValueText({ value }: { value: InterpretedValue }) {
  const { t } = useTranslation('labs');
  const format = useFormat();
  if (value.value !== undefined) {
    const comparator = value.comparator ? `${value.comparator} ` : '';
    return <>{comparator + format.quantity(value.value, value.unit)}</>;
  }
  return <>{value.text ?? t('noValue')}</>;
}

function RangeNumbers({ range }: { range: RangeView }) {
  const { t } = useTranslation('labs');
  const format = useFormat();
  const unit = unitDisplay(range.unit);
  const withUnit = (text: string) => (unit ? `${text} ${unit}` : text);
  if (range.low !== undefined && range.high !== undefined)
    return (
      <>{withUnit(t('range.between', { low: format.number(range.low), high: format.number(range.high) }))}</>
    );
  if (range.low !== undefined) return <>{withUnit(t('range.atLeast', { low: format.number(range.low) }))}</>;
  if (range.high !== undefined)
    return <>{withUnit(t('range.atMost', { high: format.number(range.high) }))}</>;
  return <>{range.text ?? ''}</>;
}

/** "Typical range: 135 to 145 mmol/L (adults 20 and older)" or "Your lab's range: …"; nothing without a range. */
export function RangeText({ value }: { value: InterpretedValue }) {
  const { t } = useTranslation('labs');
  const range = value.range;
  if (!range) return null;
  return (
    <Text size="sm">
      <Text span fw={600}>
        {t(`range.${range.origin}`)}:{' '}
      </Text>
      <RangeNumbers range={range} />
      {range.note && ` (${t(`range.note.${range.note}`)})`}
    </Text>
  );
}

/**
 * What the reader needs to know about the ranges of a result's values, each note once: a typical
 * range is not the lab's own (with its source), why no range is shown, a unit that was not compared.
 */
export function RangeNotes({
  values,
  withSource = false,
}: {
  values: readonly InterpretedValue[];
  withSource?: boolean;
}) {
  const { t } = useTranslation('labs');
  const sources = new Map(
    values.flatMap((value) =>
      value.range?.origin === 'typical' && value.range.source
        ? [[value.range.source.url, value.range.source]]
        : [],
    ),
  );
  const typical = values.some((value) => value.range?.origin === 'typical');
  const withheld = [
    ...new Set(values.flatMap((value) => (value.typicalWithheld ? [value.typicalWithheld] : []))),
  ];
  const mismatch = values.some((value) => value.unitMismatch);
  if (!typical && withheld.length === 0 && !mismatch) return null;
  return (
    <Stack gap={2}>
      {typical && (
        <Text size="xs" c="gray.7">
          {t('range.typicalHelp')}
          {withSource &&
            [...sources.values()].map((source) => (
              <Fragment key={source.url}>
                {' '}
                <Anchor c="blue.8" href={source.url} target="_blank" rel="noopener noreferrer" size="xs">
                  {t('range.source', { title: source.title })}
                </Anchor>
              </Fragment>
            ))}
        </Text>
      )}
      {withheld.map((reason) => (
        <Text key={reason} size="xs" c="gray.7">
          {t(`range.withheld.${reason}`)}
        </Text>
      ))}
      {mismatch && (
        <Text size="xs" c="gray.7">
          {t('range.unitMismatch')}
        </Text>
      )}
    </Stack>
  );
}

/** One value: label (for components), value, flag. */
export function ValueLine({ value, showLabel }: { value: InterpretedValue; showLabel: boolean }) {
  const label = useValueLabel();
  return (
    <Group gap="xs" wrap="wrap">
      {showLabel && (
        <Text span size="sm" fw={600}>
          {label(value)}:
        </Text>
      )}
      <Text span fw={700} size="lg">
        <ValueText value={value} />
      </Text>
      {value.flag && <FlagBadge flag={value.flag} />}
    </Group>
  );
}
