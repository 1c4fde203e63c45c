// Who the chart is about, always visible: name (the page's h1), age, sex, birth date, MRN, and badges
// for active allergies and active Flags (R4 Flag: "warnings … to be shown prominently").
import { Badge, Group, Paper, Text } from '@mantine/core';
import type { AllergyIntolerance, Flag } from '@medplum/fhirtypes';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { conceptText } from '../encounters/encounter-rows.ts';
import type { PatientHeader } from './chart.resource.ts';
import { displayName, medicalRecordNumber } from './patient-view.ts';

export function PatientBanner({ header }: { header: PatientHeader }) {
  const { t } = useTranslation('clinician');
  const format = useFormat();
  const { patient, allergies, flags } = header;
  const name = displayName(patient) ?? t('patient.unnamed');
  const mrn = medicalRecordNumber(patient);
  return (
    <Paper component="section" aria-labelledby="page-title" withBorder p="md" radius="md">
      <PageTitle title={name} />
      <Group gap="lg" wrap="wrap">
        <Fact label={t('patient.age')} value={format.age(patient.birthDate) || t('patient.unknown')} />
        <Fact
          label={t('patient.sex')}
          value={patient.gender ? t(`sex.${patient.gender}`) : t('patient.unknown')}
        />
        <Fact label={t('patient.birthDate')} value={format.date(patient.birthDate) || t('patient.unknown')} />
        <Fact label={t('patient.mrn')} value={mrn ?? t('patient.unknown')} />
      </Group>
      <Group gap="xs" mt="sm" wrap="wrap" aria-label={t('banner.alerts')} role="group">
        {allergies.length === 0 ? (
          <Badge color="gray" variant="light">
            {t('banner.noAllergies')}
          </Badge>
        ) : (
          allergies.map((a) => <AllergyBadge key={a.id} allergy={a} />)
        )}
        {flags.map((f) => (
          <FlagBadge key={f.id} flag={f} />
        ))}
      </Group>
    </Paper>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Text size="sm" component="p" m={0}>
      <Text span c="gray.7" size="sm">
        {label}:
      </Text>{' '}
      <Text span fw={600} size="sm">
        {value}
      </Text>
    </Text>
  );
}

function AllergyBadge({ allergy }: { allergy: AllergyIntolerance }) {
  const { t } = useTranslation('clinician');
  const substance = conceptText(allergy.code) ?? t('banner.unknownSubstance');
  const high = allergy.criticality === 'high';
  return (
    <Badge color="red" variant={high ? 'filled' : 'light'} tt="none">
      {high ? t('banner.allergyHigh', { substance }) : t('banner.allergy', { substance })}
    </Badge>
  );
}

function FlagBadge({ flag }: { flag: Flag }) {
  const { t } = useTranslation('clinician');
  return (
    <Badge color="orange" variant="light" tt="none">
      {t('banner.flag', { text: conceptText(flag.code) ?? '' })}
    </Badge>
  );
}
