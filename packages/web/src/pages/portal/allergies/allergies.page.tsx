// "My allergies": each substance with what happens (reactions and how severe), how serious the risk is.
import { Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import { useAllergies } from './allergies.resource.ts';

export function AllergiesPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const allergies = useAllergies();
  return (
    <>
      <PageTitle title={t('allergies.title')} />
      <Text mb="md">{t('allergies.intro')}</Text>
      <QueryState query={allergies} loadingLabel={t('allergies.loading')}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{t('allergies.none')}</Empty>
          ) : (
            <ItemList>
              {rows.map((a) => (
                <Item key={a.id}>
                  <ItemHeading
                    order={2}
                    badge={
                      <Group gap={4}>
                        {a.criticality === 'high' && (
                          <StatusBadge tone="danger">{t('allergies.criticality.high')}</StatusBadge>
                        )}
                        {!a.current && (
                          <StatusBadge tone="neutral">
                            {t(`allergies.clinicalStatus.${a.clinicalStatus ?? 'inactive'}`)}
                          </StatusBadge>
                        )}
                      </Group>
                    }
                  >
                    {a.substance || t('allergies.unnamed')}
                  </ItemHeading>
                  <Fact label={t('allergies.type')}>
                    {a.categories.map((c) => t(`allergies.category.${c}`, { defaultValue: c })).join(', ')}
                  </Fact>
                  {a.criticality && a.criticality !== 'high' && (
                    <Fact label={t('allergies.risk')}>{t(`allergies.criticality.${a.criticality}`)}</Fact>
                  )}
                  {a.reactions.length > 0 && (
                    <>
                      <Text size="sm" fw={600} mt={4}>
                        {t('allergies.reactions')}
                      </Text>
                      <List size="sm">
                        {a.reactions.map((r, i) => (
                          <List.Item key={i}>
                            {r.manifestations || t('allergies.reactionUnknown')}
                            {r.severity ? ` (${t(`allergies.severity.${r.severity}`)})` : ''}
                          </List.Item>
                        ))}
                      </List>
                    </>
                  )}
                  <Fact label={t('allergies.recorded')}>
                    {a.recordedDate ? format.date(a.recordedDate) : ''}
                  </Fact>
                </Item>
              ))}
            </ItemList>
          )
        }
      </QueryState>
    </>
  );
}
