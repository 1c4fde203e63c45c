// "My medications": what the patient takes now, then earlier prescriptions, with how to take each.
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import type { MedicationRow } from './medication-rows.ts';
import { useMedications } from './medications.resource.ts';

function Medication({ row }: { row: MedicationRow }) {
  const { t } = useTranslation('portal');
  const format = useFormat();
  return (
    <Item>
      <ItemHeading
        order={3}
        badge={
          <StatusBadge tone={row.active ? 'good' : 'neutral'}>
            {t(`medications.status.${row.status}`, { defaultValue: row.status })}
          </StatusBadge>
        }
      >
        {row.name || t('medications.unnamed')}
      </ItemHeading>
      <Fact label={t('medications.howToTake')}>{row.dosage}</Fact>
      <Fact label={t('medications.reason')}>{row.reason}</Fact>
      <Fact label={t('medications.prescribed')}>{row.authoredOn ? format.date(row.authoredOn) : ''}</Fact>
      <Fact label={t('medications.prescriber')}>{row.prescriber}</Fact>
    </Item>
  );
}

export function MedicationsPage() {
  const { t } = useTranslation('portal');
  const medications = useMedications();
  return (
    <>
      <PageTitle title={t('medications.title')} />
      <Text mb="md">{t('medications.intro')}</Text>
      <QueryState query={medications} loadingLabel={t('medications.loading')}>
        {(rows) => {
          const current = rows.filter((r) => r.active);
          const past = rows.filter((r) => !r.active);
          return (
            <Stack gap="lg">
              <section aria-labelledby="current-medications">
                <Title order={2} id="current-medications" mb="sm">
                  {t('medications.current')}
                </Title>
                {current.length === 0 ? (
                  <Empty>{t('medications.noneCurrent')}</Empty>
                ) : (
                  <ItemList>
                    {current.map((r) => (
                      <Medication key={r.id} row={r} />
                    ))}
                  </ItemList>
                )}
              </section>
              <section aria-labelledby="past-medications">
                <Title order={2} id="past-medications" mb="sm">
                  {t('medications.past')}
                </Title>
                {past.length === 0 ? (
                  <Empty>{t('medications.nonePast')}</Empty>
                ) : (
                  <ItemList>
                    {past.map((r) => (
                      <Medication key={r.id} row={r} />
                    ))}
                  </ItemList>
                )}
              </section>
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
