// "Who saw my record": every access to the patient's record from Hearth's audit log, newest first —
// when, who, through which app, what they did — with emergency (break-the-glass) access highlighted
// together with the reason the clinician gave.
import { Alert, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, Item, ItemHeading, ItemList, Pages, StatusBadge } from '../portal-ui.tsx';
import type { AccessRow } from './access-rows.ts';
import { useAccessLog } from './access-log.resource.ts';

function useWho() {
  const { t } = useTranslation('portal');
  return (row: AccessRow, names: ReadonlyMap<string, string>): string => {
    if (row.isYou) return t('accessLog.you');
    const name = row.whoReference ? names.get(row.whoReference) : undefined;
    if (name) return name;
    if (row.whoReference) return t('accessLog.someone', { reference: row.whoReference });
    if (row.whoUserId) return t('accessLog.user', { id: row.whoUserId });
    return row.app ? t('accessLog.appOnly') : t('accessLog.unknown');
  };
}

function Entry({ row, names }: { row: AccessRow; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const who = useWho();
  const what = row.resourceType
    ? t(`accessLog.types.${row.resourceType}`, { defaultValue: row.resourceType })
    : '';
  const emergency = row.breakGlassReason !== undefined;
  return (
    <Item style={emergency ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } : undefined}>
      <ItemHeading
        order={2}
        badge={
          row.outcome !== 'success' ? (
            <StatusBadge tone={row.outcome === 'refused' ? 'warn' : 'danger'}>
              {t(`accessLog.outcome.${row.outcome}`)}
            </StatusBadge>
          ) : undefined
        }
      >
        {format.dateTime(row.recorded)}
      </ItemHeading>
      {emergency && (
        <Alert color="red" variant="light" title={t('accessLog.breakGlass')} mb="xs">
          {row.breakGlassReason
            ? t('accessLog.breakGlassReason', { reason: row.breakGlassReason })
            : t('accessLog.breakGlassNoReason')}
        </Alert>
      )}
      <Fact label={t('accessLog.who')}>{who(row, names)}</Fact>
      <Fact label={t('accessLog.role')}>
        {row.role && !row.isYou ? t(`accessLog.roles.${row.role}`, { defaultValue: row.role }) : ''}
      </Fact>
      <Fact label={t('accessLog.what')}>
        {what
          ? t('accessLog.didWhat', { action: t(`accessLog.action.${row.action}`), what })
          : t(`accessLog.action.${row.action}`)}
      </Fact>
      <Fact label={t('accessLog.app')}>
        {row.app ? t(`accessLog.apps.${row.app}`, { defaultValue: row.app }) : ''}
      </Fact>
    </Item>
  );
}

export function AccessLogPage() {
  const { t } = useTranslation('portal');
  const [page, setPage] = useState(1);
  const [includeOwn, setIncludeOwn] = useState(false);
  const log = useAccessLog(page, includeOwn);
  return (
    <>
      <PageTitle title={t('accessLog.title')} />
      <Text mb="md">{t('accessLog.intro')}</Text>
      <Switch
        mb="md"
        label={t('accessLog.includeOwn')}
        checked={includeOwn}
        onChange={(e) => {
          setIncludeOwn(e.currentTarget.checked);
          setPage(1);
        }}
      />
      <QueryState query={log} loadingLabel={t('accessLog.loading')}>
        {({ rows, names, total, perPage, first, last }) => (
          <>
            {!includeOwn && total > 0 && (
              <Text size="sm" mb="sm">
                {t('accessLog.scanned', { first, last, total })}
              </Text>
            )}
            {rows.length === 0 ? (
              <Empty>{total === 0 ? t('accessLog.none') : t('accessLog.noneOthers')}</Empty>
            ) : (
              <ItemList>
                {rows.map((r) => (
                  <Entry key={r.id} row={r} names={names} />
                ))}
              </ItemList>
            )}
            <Pages page={page} total={total} perPage={perPage} onChange={setPage} />
          </>
        )}
      </QueryState>
    </>
  );
}
