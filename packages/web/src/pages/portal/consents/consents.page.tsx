// "My consents": the patient's choices about research use and about sharing their record with each
// organization, changed only after they confirm, and every Consent on file. A refusal from the server
// is shown as the server worded it.
import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import type { Organization, Reference } from '@medplum/fhirtypes';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { errorText } from '../../../fhir/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { Empty, Fact, FILLED_COLOR, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import { researchChanges, sharingChanges, type ConsentChange } from './consent-shapes.ts';
import { useConsentChange, useConsents } from './consents.resource.ts';

interface Pending {
  title: string;
  body: string;
  confirm: string;
  changes: () => ConsentChange[];
}

export function ConsentsPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const { patientId } = useSession();
  const consents = useConsents();
  const change = useConsentChange();
  const [pending, setPending] = useState<Pending | undefined>(undefined);

  const options = () => ({
    consents: consents.data?.consents ?? [],
    patientId: patientId ?? '',
    now: new Date(),
  });
  const confirm = () => {
    if (!pending) return;
    const changes = pending.changes();
    setPending(undefined);
    change.mutate(changes);
  };

  return (
    <>
      <PageTitle title={t('consents.title')} />
      <Text mb="md">{t('consents.intro')}</Text>
      {change.isError && (
        <Alert role="alert" color="red" variant="light" title={t('consents.refused')} mb="md">
          {errorText(change.error)}
        </Alert>
      )}
      {change.isSuccess && (
        <Alert role="status" color="green" variant="light" mb="md">
          {t('consents.saved')}
        </Alert>
      )}
      <QueryState query={consents} loadingLabel={t('consents.loading')}>
        {({ state, organizations, names, rows }) => (
          <Stack gap="xl">
            <section aria-labelledby="research-heading">
              <Title order={2} id="research-heading" mb="xs">
                {t('consents.research.title')}
              </Title>
              <Text mb="xs">{t('consents.research.explain')}</Text>
              <Text fw={600} mb="sm">
                {state.researchOptedOut ? t('consents.research.optedOut') : t('consents.research.allowed')}
              </Text>
              <Button
                variant={state.researchOptedOut ? 'default' : 'filled'}
                color={FILLED_COLOR}
                loading={change.isPending}
                onClick={() => {
                  const optOut = !state.researchOptedOut;
                  setPending({
                    title: optOut
                      ? t('consents.research.confirmOptOutTitle')
                      : t('consents.research.confirmOptInTitle'),
                    body: optOut ? t('consents.research.confirmOptOut') : t('consents.research.confirmOptIn'),
                    confirm: optOut ? t('consents.research.optOut') : t('consents.research.optIn'),
                    changes: () => researchChanges(optOut, options()),
                  });
                }}
              >
                {state.researchOptedOut ? t('consents.research.optIn') : t('consents.research.optOut')}
              </Button>
            </section>

            <section aria-labelledby="sharing-heading">
              <Title order={2} id="sharing-heading" mb="xs">
                {t('consents.sharing.title')}
              </Title>
              <Text mb="sm">{t('consents.sharing.explain')}</Text>
              {organizations.length === 0 ? (
                <Empty>{t('consents.sharing.none')}</Empty>
              ) : (
                <ItemList>
                  {organizations.map((org) => {
                    const denied = state.sharingDenied.has(org.reference);
                    const name = names.get(org.reference) ?? t('consents.sharing.unnamed');
                    const ref: Reference<Organization> = { reference: org.reference, display: name };
                    return (
                      <Item key={org.reference}>
                        <ItemHeading
                          order={3}
                          badge={
                            <StatusBadge tone={denied ? 'warn' : 'good'}>
                              {denied ? t('consents.sharing.notShared') : t('consents.sharing.shared')}
                            </StatusBadge>
                          }
                        >
                          {name}
                        </ItemHeading>
                        {org.caresForYou && (
                          <Text size="sm" mb="xs">
                            {t('consents.sharing.caresForYou')}
                          </Text>
                        )}
                        <Button
                          w="fit-content"
                          size="sm"
                          variant="default"
                          loading={change.isPending}
                          aria-label={
                            denied
                              ? t('consents.sharing.allowFor', { name })
                              : t('consents.sharing.denyFor', { name })
                          }
                          onClick={() => {
                            setPending({
                              title: denied
                                ? t('consents.sharing.confirmAllowTitle', { name })
                                : t('consents.sharing.confirmDenyTitle', { name }),
                              body: denied
                                ? t('consents.sharing.confirmAllow', { name })
                                : org.caresForYou
                                  ? t('consents.sharing.confirmDenyCare', { name })
                                  : t('consents.sharing.confirmDeny', { name }),
                              confirm: denied ? t('consents.sharing.allow') : t('consents.sharing.deny'),
                              changes: () => sharingChanges(!denied, ref, options()),
                            });
                          }}
                        >
                          {denied ? t('consents.sharing.allow') : t('consents.sharing.deny')}
                        </Button>
                      </Item>
                    );
                  })}
                </ItemList>
              )}
            </section>

            <section aria-labelledby="records-heading">
              <Title order={2} id="records-heading" mb="xs">
                {t('consents.records.title')}
              </Title>
              {rows.length === 0 ? (
                <Empty>{t('consents.records.none')}</Empty>
              ) : (
                <ItemList>
                  {rows.map((row) => (
                    <Item key={row.id}>
                      <ItemHeading
                        order={3}
                        badge={
                          <StatusBadge tone={row.status === 'active' ? 'info' : 'neutral'}>
                            {t(`consents.records.status.${row.status}`)}
                          </StatusBadge>
                        }
                      >
                        {row.scope
                          ? t(`consents.records.scope.${row.scope}`, { defaultValue: row.scopeText })
                          : row.scopeText}
                      </ItemHeading>
                      <Fact label={t('consents.records.decision')}>
                        {row.decision ? t(`consents.records.decisions.${row.decision}`) : ''}
                      </Fact>
                      <Fact label={t('consents.records.who')}>
                        {row.actors
                          .map(
                            (a) =>
                              (a.reference ? names.get(a.reference) : undefined) ??
                              a.display ??
                              a.reference ??
                              '',
                          )
                          .join(', ')}
                      </Fact>
                      <Fact label={t('consents.records.date')}>
                        {row.dateTime ? format.date(row.dateTime) : ''}
                      </Fact>
                    </Item>
                  ))}
                </ItemList>
              )}
            </section>
          </Stack>
        )}
      </QueryState>
      <Modal
        // Mantine's scroll lock injects a <style> without the page's CSP nonce, which the CSP refuses.
        lockScroll={false}
        opened={pending !== undefined}
        onClose={() => {
          setPending(undefined);
        }}
        title={pending?.title}
        centered
      >
        <Text mb="md">{pending?.body}</Text>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setPending(undefined);
            }}
          >
            {t('consents.cancel')}
          </Button>
          <Button color={FILLED_COLOR} onClick={confirm}>
            {pending?.confirm}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
