// "My past visits": date, kind of visit, who saw the patient, where and why; 20 per page.
import { Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, Pages } from '../portal-ui.tsx';
import { useVisits, VISITS_PER_PAGE } from './visits.resource.ts';

export function VisitsPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const [page, setPage] = useState(1);
  const visits = useVisits(page);
  return (
    <>
      <PageTitle title={t('visits.title')} />
      <Text mb="md">{t('visits.intro')}</Text>
      <QueryState query={visits} loadingLabel={t('visits.loading')}>
        {({ rows, total }) =>
          rows.length === 0 ? (
            <Empty>{t('visits.none')}</Empty>
          ) : (
            <>
              <ItemList>
                {rows.map((v) => (
                  <Item key={v.id}>
                    <ItemHeading order={2}>{v.start ? format.date(v.start) : t('visits.noDate')}</ItemHeading>
                    <Fact label={t('visits.type')}>{v.type}</Fact>
                    <Fact label={t('visits.provider')}>{v.providers}</Fact>
                    <Fact label={t('visits.place')}>{v.place}</Fact>
                    <Fact label={t('visits.reason')}>{v.reason}</Fact>
                    {v.status !== 'finished' && (
                      <Fact label={t('visits.status')}>
                        {t(`visits.statuses.${v.status}`, { defaultValue: v.status })}
                      </Fact>
                    )}
                  </Item>
                ))}
              </ItemList>
              <Pages page={page} total={total} perPage={VISITS_PER_PAGE} onChange={setPage} />
            </>
          )
        }
      </QueryState>
    </>
  );
}
