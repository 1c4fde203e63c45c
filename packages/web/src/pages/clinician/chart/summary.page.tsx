// The chart summary: active problems, active medications, allergies, immunizations, recent encounters,
// each its own panel (a failing one does not hide the others), with the problem and allergy forms.
import { Button, Group, List, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type {
  AllergyIntolerance,
  Condition,
  Encounter,
  Immunization,
  MedicationRequest,
} from '@medplum/fhirtypes';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { AllergyForm } from '../allergies/allergy-form.tsx';
import { conceptText, encounterRows } from '../encounters/encounter-rows.ts';
import { ProblemForm } from '../problems/problem-form.tsx';
import { usePatientId } from './chart.layout.tsx';
import {
  useActiveMedications,
  useActiveProblems,
  useImmunizations,
  usePatientHeader,
  useRecentEncounters,
} from './chart.resource.ts';

export function SummaryPage() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const [form, setForm] = useState<'problem' | 'allergy' | undefined>();
  const header = usePatientHeader(patientId);
  const problems = useActiveProblems(patientId);
  const medications = useActiveMedications(patientId);
  const immunizations = useImmunizations(patientId);
  const encounters = useRecentEncounters(patientId);
  return (
    <>
      <Title order={2}>{t('chart.section.summary')}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel
          title={t('summary.problems')}
          action={
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setForm('problem');
              }}
            >
              {t('problems.add')}
            </Button>
          }
        >
          <QueryState query={problems}>{(conditions) => <Problems conditions={conditions} />}</QueryState>
        </Panel>
        <Panel title={t('summary.medications')}>
          <QueryState query={medications}>{(meds) => <Medications meds={meds} />}</QueryState>
        </Panel>
        <Panel
          title={t('summary.allergies')}
          action={
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setForm('allergy');
              }}
            >
              {t('allergies.add')}
            </Button>
          }
        >
          <QueryState query={header}>{(h) => <Allergies allergies={h.allergies} />}</QueryState>
        </Panel>
        <Panel title={t('summary.immunizations')}>
          <QueryState query={immunizations}>{(list) => <Immunizations list={list} />}</QueryState>
        </Panel>
        <Panel title={t('summary.recentEncounters')}>
          <QueryState query={encounters}>{(list) => <RecentEncounters list={list} />}</QueryState>
        </Panel>
      </SimpleGrid>
      <ProblemForm
        patientId={patientId}
        opened={form === 'problem'}
        onClose={() => {
          setForm(undefined);
        }}
      />
      <AllergyForm
        patientId={patientId}
        opened={form === 'allergy'}
        onClose={() => {
          setForm(undefined);
        }}
      />
    </>
  );
}

function Panel({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md" radius="md" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function Empty({ text }: { text: string }) {
  return (
    <Text size="sm" c="gray.7">
      {text}
    </Text>
  );
}

function Problems({ conditions }: { conditions: Condition[] }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  if (conditions.length === 0) return <Empty text={t('summary.noProblems')} />;
  return (
    <List spacing={4} size="sm">
      {conditions.map((c) => (
        <List.Item key={c.id}>
          {conceptText(c.code) ?? t('patient.unknown')}
          {c.onsetDateTime && (
            <Text span c="gray.7" size="sm">
              {' '}
              · {t('summary.since', { date: format.date(c.onsetDateTime) })}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

function Medications({ meds }: { meds: MedicationRequest[] }) {
  const { t } = useTranslation('clinician');
  if (meds.length === 0) return <Empty text={t('summary.noMedications')} />;
  return (
    <List spacing={4} size="sm">
      {meds.map((m) => (
        <List.Item key={m.id}>
          {conceptText(m.medicationCodeableConcept) ?? m.medicationReference?.display ?? t('patient.unknown')}
          {m.dosageInstruction?.[0]?.text && (
            <Text span c="gray.7" size="sm">
              {' '}
              · {m.dosageInstruction[0].text}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

function Allergies({ allergies }: { allergies: AllergyIntolerance[] }) {
  const { t } = useTranslation('clinician');
  if (allergies.length === 0) return <Empty text={t('banner.noAllergies')} />;
  return (
    <List spacing={4} size="sm">
      {allergies.map((a) => {
        const reactions = (a.reaction ?? []).flatMap((r) => r.manifestation.map(conceptText)).filter(Boolean);
        return (
          <List.Item key={a.id}>
            {conceptText(a.code) ?? t('banner.unknownSubstance')}
            {a.criticality && (
              <Text span c="gray.7" size="sm">
                {' '}
                · {t(`allergies.criticality.${a.criticality}`)}
              </Text>
            )}
            {reactions.length > 0 && (
              <Text span c="gray.7" size="sm">
                {' '}
                · {reactions.join(', ')}
              </Text>
            )}
          </List.Item>
        );
      })}
    </List>
  );
}

function Immunizations({ list }: { list: Immunization[] }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  const given = list.filter((i) => i.status === 'completed');
  if (given.length === 0) return <Empty text={t('summary.noImmunizations')} />;
  return (
    <List spacing={4} size="sm">
      {given.map((i) => (
        <List.Item key={i.id}>
          {conceptText(i.vaccineCode) ?? t('patient.unknown')}
          <Text span c="gray.7" size="sm">
            {' '}
            · {format.date(i.occurrenceDateTime) || i.occurrenceString}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

function RecentEncounters({ list }: { list: Encounter[] }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  const rows = encounterRows(list);
  if (rows.length === 0) return <Empty text={t('encounters.none')} />;
  return (
    <List spacing={4} size="sm">
      {rows.map((e) => (
        <List.Item key={e.id}>
          {format.date(e.start)} · {e.type ?? e.classDisplay ?? e.classCode ?? t('patient.unknown')}
          {e.reasons.length > 0 && (
            <Text span c="gray.7" size="sm">
              {' '}
              · {e.reasons.join(', ')}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
