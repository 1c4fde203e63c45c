// "My devices" (issue #6 point 1): the patient's paired devices, each with its credentials on request
// and an Unpair that asks first; adding a device (its credentials are shown at once, with copy
// buttons); and a pairing code for a device someone else set up. Refusals are shown as the server
// worded them.
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { QueryState } from '../../../components/QueryState.tsx';
import { errorText } from '../../../fhir/client.ts';
import { Empty, FILLED_COLOR, Item, ItemHeading, ItemList, StatusBadge } from '../portal-ui.tsx';
import { CredentialsPanel } from './credentials-panel.tsx';
import { READING_KINDS, type DeviceRow, type ReadingKind } from './device-rows.ts';
import {
  useMyDevices,
  usePairingCode,
  useRegisterDevice,
  useShowCredentials,
  useUnpairDevice,
  type Credentials,
} from './devices.resource.ts';
import { PairingCodePanel } from './pairing-code-panel.tsx';

interface Shown {
  deviceId: string;
  name: string;
  credentials: Credentials;
}

function useDeviceName() {
  const { t } = useTranslation('devices');
  return (row: { name?: string | undefined; kind?: ReadingKind | undefined }) =>
    row.name ?? (row.kind ? t(`kinds.${row.kind}`) : t('list.unnamed'));
}

function AddDevice({ onRegistered }: { onRegistered: (shown: Shown) => void }) {
  const { t } = useTranslation('devices');
  const register = useRegisterDevice();
  const [kind, setKind] = useState<ReadingKind>('blood-pressure');
  const [name, setName] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    register.mutate(
      { kind, name: name.trim() },
      {
        onSuccess: ({ device, credentials }) => {
          setName('');
          onRegistered({
            deviceId: device.id ?? credentials.username,
            name: name.trim() || t(`kinds.${kind}`),
            credentials,
          });
        },
      },
    );
  };
  return (
    <section aria-labelledby="add-heading">
      <Title order={2} id="add-heading" mb="xs">
        {t('add.title')}
      </Title>
      <Text mb="sm">{t('add.explain')}</Text>
      <form onSubmit={submit} aria-labelledby="add-heading">
        <Stack gap="sm" maw={420}>
          <NativeSelect
            label={t('add.kind')}
            value={kind}
            onChange={(e) => {
              setKind(e.currentTarget.value as ReadingKind);
            }}
            data={READING_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          />
          <TextInput
            label={t('add.name')}
            description={t('add.nameHint')}
            value={name}
            maxLength={200}
            onChange={(e) => {
              setName(e.currentTarget.value);
            }}
          />
          <Button type="submit" color={FILLED_COLOR} loading={register.isPending} w="fit-content">
            {t('add.submit')}
          </Button>
        </Stack>
      </form>
      {register.isError && (
        <Alert role="alert" color="red" variant="light" mt="sm" title={t('add.refused')}>
          {errorText(register.error)}
        </Alert>
      )}
    </section>
  );
}

function PairDevice() {
  const { t } = useTranslation('devices');
  const pairing = usePairingCode();
  return (
    <section aria-labelledby="pair-heading">
      <Title order={2} id="pair-heading" mb="xs">
        {t('pairing.title')}
      </Title>
      <Text mb="sm">{t('pairing.explain')}</Text>
      {pairing.data ? (
        <PairingCodePanel
          key={pairing.data.code}
          pairing={pairing.data}
          onNewCode={() => {
            pairing.mutate();
          }}
        />
      ) : (
        <Button
          variant="default"
          loading={pairing.isPending}
          onClick={() => {
            pairing.mutate();
          }}
        >
          {t('pairing.getCode')}
        </Button>
      )}
      {pairing.isError && (
        <Alert role="alert" color="red" variant="light" mt="sm" title={t('pairing.refused')}>
          {errorText(pairing.error)}
        </Alert>
      )}
    </section>
  );
}

function DeviceItem({
  row,
  onShow,
  onUnpair,
  showing,
}: {
  row: DeviceRow;
  onShow: (row: DeviceRow) => void;
  onUnpair: (row: DeviceRow) => void;
  showing: boolean;
}) {
  const { t } = useTranslation('devices');
  const nameOf = useDeviceName();
  const name = nameOf(row);
  return (
    <Item>
      <ItemHeading
        order={3}
        badge={
          <StatusBadge tone={row.active ? 'good' : 'neutral'}>
            {row.active ? t('list.active') : t('list.inactive')}
          </StatusBadge>
        }
      >
        {name}
      </ItemHeading>
      {row.kind && row.name && (
        <Text size="sm" mb="xs">
          {t(`kinds.${row.kind}`)}
        </Text>
      )}
      <Group gap="xs">
        <Button
          size="sm"
          variant="default"
          loading={showing}
          aria-label={t('list.showCredentialsFor', { name })}
          onClick={() => {
            onShow(row);
          }}
        >
          {t('list.showCredentials')}
        </Button>
        <Button
          size="sm"
          variant="default"
          color="red"
          aria-label={t('list.unpairFor', { name })}
          onClick={() => {
            onUnpair(row);
          }}
        >
          {t('list.unpair')}
        </Button>
      </Group>
    </Item>
  );
}

export function DevicesPage() {
  const { t } = useTranslation('devices');
  const nameOf = useDeviceName();
  const devices = useMyDevices();
  const show = useShowCredentials();
  const unpair = useUnpairDevice();
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [confirming, setConfirming] = useState<DeviceRow | undefined>(undefined);

  const showCredentials = (row: DeviceRow) => {
    show.mutate(row.id, {
      onSuccess: (credentials) => {
        setShown({ deviceId: row.id, name: nameOf(row), credentials });
      },
    });
  };
  const confirmUnpair = () => {
    const row = confirming;
    setConfirming(undefined);
    if (!row) return;
    if (shown?.deviceId === row.id) setShown(undefined);
    unpair.mutate(row.id);
  };

  return (
    <>
      <PageTitle title={t('title')} />
      <Text mb="md">{t('intro')}</Text>
      <Stack gap="xl">
        <section aria-labelledby="devices-heading">
          <Title order={2} id="devices-heading" mb="xs">
            {t('list.title')}
          </Title>
          {unpair.isSuccess && (
            <Alert role="status" color="green" variant="light" mb="sm">
              {t('list.unpaired')}
            </Alert>
          )}
          {(unpair.isError || show.isError) && (
            <Alert role="alert" color="red" variant="light" mb="sm" title={t('list.refused')}>
              {errorText(unpair.error ?? show.error)}
            </Alert>
          )}
          <QueryState query={devices} loadingLabel={t('list.loading')}>
            {(rows) =>
              rows.length === 0 ? (
                <Empty>{t('list.none')}</Empty>
              ) : (
                <ItemList label={t('list.title')}>
                  {rows.map((row) => (
                    <DeviceItem
                      key={row.id}
                      row={row}
                      showing={show.isPending && show.variables === row.id}
                      onShow={showCredentials}
                      onUnpair={setConfirming}
                    />
                  ))}
                </ItemList>
              )
            }
          </QueryState>
          {shown && (
            <Stack mt="md">
              <CredentialsPanel
                deviceId={shown.deviceId}
                name={shown.name}
                credentials={shown.credentials}
                onClose={() => {
                  setShown(undefined);
                }}
              />
            </Stack>
          )}
        </section>
        <AddDevice onRegistered={setShown} />
        <PairDevice />
      </Stack>
      <Modal
        // Mantine's scroll lock injects a <style> without the page's CSP nonce, which the CSP refuses.
        lockScroll={false}
        opened={confirming !== undefined}
        onClose={() => {
          setConfirming(undefined);
        }}
        title={t('unpair.title', { name: confirming ? nameOf(confirming) : '' })}
        centered
      >
        <Text mb="md">{t('unpair.body')}</Text>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setConfirming(undefined);
            }}
          >
            {t('unpair.cancel')}
          </Button>
          <Button color="red.9" onClick={confirmUnpair}>
            {t('unpair.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
