// "My immunizations": each vaccine with its date, dose and who gave it, newest first.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import { useImmunizations } from './immunizations.resource.ts';

export function ImmunizationsPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const immunizations = useImmunizations();
  return (
    <>
      <PageTitle title={t('immunizations.title')} />
      <Text mb="md">{t('immunizations.intro')}</Text>
      <QueryState query={immunizations} loadingLabel={t('immunizations.loading')}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{t('immunizations.none')}</Empty>
          ) : (
            <ItemList>
              {rows.map((i) => (
                <Item key={i.id}>
                  <ItemHeading
                    order={2}
                    badge={
                      i.status === 'not-done' ? (
                        <StatusBadge tone="neutral">{t('immunizations.notGiven')}</StatusBadge>
                      ) : undefined
                    }
                  >
                    {i.vaccine || t('immunizations.unnamed')}
                  </ItemHeading>
                  <Fact label={t('immunizations.date')}>
                    {i.date ? format.date(i.date) : (i.dateText ?? '')}
                  </Fact>
                  <Fact label={t('immunizations.dose')}>{i.doseNumber ?? ''}</Fact>
                  <Fact label={t('immunizations.givenBy')}>{i.performer}</Fact>
                  <Fact label={t('immunizations.notGivenReason')}>{i.notDoneReason}</Fact>
                  <Fact label={t('immunizations.lot')}>{i.lotNumber ?? ''}</Fact>
                </Item>
              ))}
            </ItemList>
          )
        }
      </QueryState>
    </>
  );
}
