// "My health" (the portal's home): a greeting, then one card per part of the record — conditions,
// medications, allergies, immunizations, visits, latest vitals — each with its few most important items
// and a link to its page, and the patient's own data tools (download, access log, consents).
import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Patient } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../auth/session.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFhirRead } from '../../../fhir/hooks.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useAllergies } from '../allergies/allergies.resource.ts';
import { useConditions } from '../conditions/conditions.resource.ts';
import { useImmunizations } from '../immunizations/immunizations.resource.ts';
import { useMedications } from '../medications/medications.resource.ts';
import { Empty, StatusBadge } from '../portal-ui.tsx';
import { givenName } from '../record/fhir-text.ts';
import { useUpcomingAppointments } from '../visits/visits.resource.ts';
import { useLastVisit, useLatestVitals } from './summary.resource.ts';

/** Items a card lists before "See all". */
const FEW = 5;

function SummaryCard({
  id,
  title,
  to,
  linkText,
  children,
}: {
  id: string;
  title: string;
  to: string;
  linkText: string;
  children: ReactNode;
}) {
  return (
    <Card component="section" withBorder radius="md" padding="md" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      <Stack gap="xs" style={{ flex: 1 }}>
        {children}
      </Stack>
      <Anchor component={Link} to={to} mt="sm" size="sm" fw={600}>
        {linkText}
      </Anchor>
    </Card>
  );
}

function Few({ items, none, max = FEW }: { items: ReactNode[]; none: string; max?: number }) {
  if (items.length === 0) return <Empty>{none}</Empty>;
  return (
    <List size="sm" spacing={4}>
      {items.slice(0, max).map((item, i) => (
        <List.Item key={i}>{item}</List.Item>
      ))}
    </List>
  );
}

function Greeting() {
  const { t } = useTranslation('portal');
  const { patientId } = useSession();
  const patient = useFhirRead<Patient>('Patient', patientId);
  const name = givenName(patient.data?.name);
  return <PageTitle title={name ? t('summary.greeting', { name }) : t('summary.greetingNoName')} />;
}

export function SummaryPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const conditions = useConditions();
  const medications = useMedications();
  const allergies = useAllergies();
  const immunizations = useImmunizations();
  const upcoming = useUpcomingAppointments(3);
  const lastVisit = useLastVisit();
  const vitals = useLatestVitals();

  return (
    <>
      <Greeting />
      <Text mb="md">{t('summary.intro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <SummaryCard
          id="card-conditions"
          title={t('summary.conditions')}
          to="/portal/conditions"
          linkText={t('summary.seeConditions')}
        >
          <QueryState query={conditions}>
            {(rows) => (
              <Few
                items={rows.filter((c) => c.ongoing).map((c) => c.name)}
                none={t('summary.noConditions')}
              />
            )}
          </QueryState>
        </SummaryCard>
        <SummaryCard
          id="card-medications"
          title={t('summary.medications')}
          to="/portal/medications"
          linkText={t('summary.seeMedications')}
        >
          <QueryState query={medications}>
            {(rows) => (
              <Few
                items={rows.filter((m) => m.active).map((m) => m.name)}
                none={t('summary.noMedications')}
              />
            )}
          </QueryState>
        </SummaryCard>
        <SummaryCard
          id="card-allergies"
          title={t('summary.allergies')}
          to="/portal/allergies"
          linkText={t('summary.seeAllergies')}
        >
          <QueryState query={allergies}>
            {(rows) => (
              <Few
                items={rows
                  .filter((a) => a.current)
                  .map((a) => (
                    <>
                      {a.substance}{' '}
                      {a.criticality === 'high' && (
                        <StatusBadge tone="danger" size="sm">
                          {t('allergies.criticality.high')}
                        </StatusBadge>
                      )}
                    </>
                  ))}
                none={t('summary.noAllergies')}
              />
            )}
          </QueryState>
        </SummaryCard>
        <SummaryCard
          id="card-immunizations"
          title={t('summary.immunizations')}
          to="/portal/immunizations"
          linkText={t('summary.seeImmunizations')}
        >
          <QueryState query={immunizations}>
            {(rows) => (
              <Few
                items={rows
                  .filter((i) => i.status === 'completed')
                  .map((i) =>
                    t('summary.onDate', {
                      what: i.vaccine,
                      date: i.date ? format.date(i.date) : (i.dateText ?? ''),
                    }),
                  )}
                none={t('summary.noImmunizations')}
              />
            )}
          </QueryState>
        </SummaryCard>
        <SummaryCard
          id="card-visits"
          title={t('summary.visits')}
          to="/portal/visits"
          linkText={t('summary.seeVisits')}
        >
          <Text size="sm" fw={600}>
            {t('summary.upcoming')}
          </Text>
          <QueryState query={upcoming}>
            {(appointments) => (
              <Few
                items={appointments.map((a) =>
                  t('summary.onDate', {
                    what:
                      a.description ??
                      a.serviceType?.[0]?.text ??
                      a.appointmentType?.text ??
                      t('summary.appointment'),
                    date: format.dateTime(a.start),
                  }),
                )}
                none={t('summary.noUpcoming')}
              />
            )}
          </QueryState>
          <Text size="sm" fw={600}>
            {t('summary.lastVisit')}
          </Text>
          <QueryState query={lastVisit}>
            {(visit) =>
              visit ? (
                <Text size="sm">
                  {t('summary.onDate', { what: visit.type, date: format.date(visit.start) })}
                </Text>
              ) : (
                <Empty>{t('summary.noVisits')}</Empty>
              )
            }
          </QueryState>
        </SummaryCard>
        <SummaryCard
          id="card-vitals"
          title={t('summary.vitals')}
          to="/portal/labs"
          linkText={t('summary.seeResults')}
        >
          <QueryState query={vitals}>
            {(rows) => (
              <Few
                items={rows.map((v) =>
                  t('summary.vitalReading', {
                    // LOINC 85354-9's display ("Blood pressure panel with all children optional") is not
                    // plain language.
                    name: v.code === '85354-9' ? t('summary.bloodPressure') : v.name,
                    value:
                      v.values.length === 2
                        ? `${format.number(v.values[0])}/${format.quantity(v.values[1], v.unit)}`
                        : format.quantity(v.values[0], v.unit),
                    date: format.date(v.when),
                  }),
                )}
                none={t('summary.noVitals')}
                max={8}
              />
            )}
          </QueryState>
        </SummaryCard>
      </SimpleGrid>
      <Card component="section" withBorder radius="md" padding="md" mt="md" aria-labelledby="card-my-data">
        <Title order={2} size="h3" id="card-my-data" mb="xs">
          {t('summary.myData')}
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            <Anchor component={Link} to="/portal/record">
              {t('nav.record')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to="/portal/access-log">
              {t('nav.accessLog')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor component={Link} to="/portal/consents">
              {t('nav.consents')}
            </Anchor>
          </List.Item>
        </List>
      </Card>
    </>
  );
}
