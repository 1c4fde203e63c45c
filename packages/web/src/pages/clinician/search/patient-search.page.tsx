// The clinician's home: one search box (name, MRN or birth date) with results as you type, in a table
// whose patient links are reachable with Tab or the arrow keys from the box.
import { Anchor, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import type { PatientRow } from '../chart/patient-view.ts';
import { READABLE_DESCRIPTION } from '../form-parts.tsx';
import { usePatientSearch, type PatientResults } from './patient-search.resource.ts';
import { parsePatientQuery, type DateOrder } from './search-query.ts';
import { ScrollTable } from '../../../components/ScrollTable.tsx';

/** Pause in typing before searching: short enough to feel live, long enough to skip most keystrokes. */
const DEBOUNCE_MS = 250;

/** Whether the language writes the month before the day (en-US 3/14/1980) or after (es 14/3/1980). */
export function dateOrderOf(locale: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale).formatToParts(new Date(Date.UTC(2000, 11, 31)));
  const month = parts.findIndex((p) => p.type === 'month');
  const day = parts.findIndex((p) => p.type === 'day');
  return month < day ? 'month-first' : 'day-first';
}

export function PatientSearchPage() {
  const { t, i18n } = useTranslation('clinician');
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, DEBOUNCE_MS);
  const order = dateOrderOf(i18n.resolvedLanguage ?? i18n.language);
  const query = useMemo(() => parsePatientQuery(debounced, order), [debounced, order]);
  const search = usePatientSearch(query);
  const results = useRef<HTMLTableSectionElement>(null);

  const focusFirstResult = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown') return;
    const first = results.current?.querySelector<HTMLAnchorElement>('a');
    if (first) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <Stack gap="md" maw={960}>
      <PageTitle title={t('search.title')} />
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
        aria-label={t('search.title')}
      >
        <TextInput
          label={t('search.label')}
          description={t('search.hint')}
          styles={READABLE_DESCRIPTION}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
          }}
          onKeyDown={focusFirstResult}
          autoComplete="off"
          spellCheck={false}
          type="search"
          data-autofocus
        />
      </form>
      {query === undefined ? (
        <Text c="gray.7" size="sm">
          {text.trim() ? t('search.keepTyping') : t('search.start')}
        </Text>
      ) : (
        <QueryState query={search} loadingLabel={t('search.searching')}>
          {(data) => <Results data={data} tbody={results} />}
        </QueryState>
      )}
    </Stack>
  );
}

function Results({
  data,
  tbody,
}: {
  data: PatientResults;
  tbody: RefObject<HTMLTableSectionElement | null>;
}) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  const moveBetweenLinks = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...(tbody.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    event.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };
  return (
    <Stack gap="xs">
      <Text size="sm" role="status" aria-live="polite">
        {data.rows.length === 0
          ? t('search.none')
          : data.more
            ? t('search.manyResults', { count: data.rows.length })
            : t('search.results', { count: data.rows.length })}
      </Text>
      {data.rows.length > 0 && (
        <ScrollTable label={t('search.caption')} minWidth={520}>
          <Table striped highlightOnHover>
            <Table.Caption c="gray.7">{t('search.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('patient.name')}</Table.Th>
                <Table.Th scope="col">{t('patient.sex')}</Table.Th>
                <Table.Th scope="col">{t('patient.birthDate')}</Table.Th>
                <Table.Th scope="col">{t('patient.mrn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody ref={tbody} onKeyDown={moveBetweenLinks}>
              {data.rows.map((row) => (
                <ResultRow
                  key={row.id}
                  row={row}
                  birth={format.date(row.birthDate)}
                  age={format.age(row.birthDate)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function ResultRow({ row, birth, age }: { row: PatientRow; birth: string; age: string }) {
  const { t } = useTranslation('clinician');
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        <Anchor component={Link} to={`patients/${encodeURIComponent(row.id)}`}>
          {row.name ?? t('patient.unnamed')}
        </Anchor>
      </Table.Th>
      <Table.Td>{row.sex ? t(`sex.${row.sex}`) : t('patient.unknown')}</Table.Td>
      <Table.Td>{birth ? t('patient.birthWithAge', { date: birth, age }) : t('patient.unknown')}</Table.Td>
      <Table.Td>{row.mrn ?? t('patient.unknown')}</Table.Td>
    </Table.Tr>
  );
}
