// "My conditions": health problems that are going on now, then past ones.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import { useConditions } from './conditions.resource.ts';

export function ConditionsPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const conditions = useConditions();
  return (
    <>
      <PageTitle title={t('conditions.title')} />
      <Text mb="md">{t('conditions.intro')}</Text>
      <QueryState query={conditions} loadingLabel={t('conditions.loading')}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{t('conditions.none')}</Empty>
          ) : (
            <ItemList>
              {rows.map((c) => (
                <Item key={c.id}>
                  <ItemHeading
                    order={2}
                    badge={
                      <StatusBadge tone={c.ongoing ? 'info' : 'neutral'}>
                        {t(`conditions.status.${c.clinicalStatus ?? 'unknown'}`, {
                          defaultValue: c.clinicalStatus ?? '',
                        })}
                      </StatusBadge>
                    }
                  >
                    {c.name || t('conditions.unnamed')}
                  </ItemHeading>
                  <Fact label={t('conditions.since')}>{c.since ? format.date(c.since) : ''}</Fact>
                  <Fact label={t('conditions.ended')}>{c.ended ? format.date(c.ended) : ''}</Fact>
                </Item>
              ))}
            </ItemList>
          )
        }
      </QueryState>
    </>
  );
}
