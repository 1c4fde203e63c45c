// "Download my record": every page of Patient/{id}/$everything, assembled into one FHIR Bundle
// (type searchset, as Hearth answers $everything; record-bundle.ts) and saved as
// hearth-record-YYYY-MM-DD.json. A long record takes many pages, so progress is shown and announced,
// and the download can be cancelled.
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session.tsx';
import { PageTitle } from '../../../components/PageTitle.tsx';
import { errorText, samePath, useFhir } from '../../../fhir/client.ts';
import type { Bundle } from '../../../fhir/types.ts';
import { useFormat } from '../../../i18n/format.ts';
import { FILLED_COLOR } from '../portal-ui.tsx';
import { fetchRecord, recordFileName, type RecordProgress } from './record-bundle.ts';

/** Resources per $everything page (the server's maximum is 1000). */
const PAGE_SIZE = 500;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; progress: RecordProgress | undefined }
  | { kind: 'done'; resources: number; fileName: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

function save(bundle: Bundle, fileName: string): void {
  const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the browser has taken the file.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}

export function RecordPage() {
  const { t } = useTranslation('portal');
  const format = useFormat();
  const fhir = useFhir();
  const { patientId } = useSession();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const running = useRef<AbortController | undefined>(undefined);

  async function download() {
    if (!patientId) return;
    const controller = new AbortController();
    running.current = controller;
    setState({ kind: 'running', progress: undefined });
    try {
      const record = await fetchRecord({
        fetchPage: (next) =>
          fhir.request<Bundle>(
            next
              ? samePath(next, '/fhir')
              : `Patient/${encodeURIComponent(patientId)}/$everything?_count=${PAGE_SIZE}`,
            { signal: controller.signal },
          ),
        onProgress: (progress) => {
          setState({ kind: 'running', progress });
        },
        signal: controller.signal,
      });
      const fileName = recordFileName(new Date());
      save(record, fileName);
      setState({ kind: 'done', resources: record.entry?.length ?? 0, fileName });
    } catch (err) {
      setState(
        controller.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', message: errorText(err) },
      );
    } finally {
      running.current = undefined;
    }
  }

  const progress = state.kind === 'running' ? state.progress : undefined;
  const percent =
    progress?.total !== undefined && progress.total > 0
      ? Math.min(100, (progress.resources / progress.total) * 100)
      : undefined;
  return (
    <>
      <PageTitle title={t('record.title')} />
      <Stack gap="md" maw={640}>
        <Text>{t('record.intro')}</Text>
        <Text size="sm" c="gray.7">
          {t('record.format')}
        </Text>
        <Group>
          <Button
            color={FILLED_COLOR}
            onClick={() => void download()}
            loading={state.kind === 'running'}
            disabled={!patientId}
          >
            {t('record.download')}
          </Button>
          {state.kind === 'running' && (
            <Button variant="default" onClick={() => running.current?.abort()}>
              {t('record.cancel')}
            </Button>
          )}
        </Group>
        <div role="status" aria-live="polite">
          {state.kind === 'running' && (
            <Stack gap={4}>
              <Progress
                value={percent ?? 100}
                animated={percent === undefined}
                aria-label={t('record.progressLabel')}
                {...(percent === undefined ? {} : { 'aria-valuenow': Math.round(percent) })}
              />
              <Text size="sm">
                {progress
                  ? progress.total !== undefined
                    ? t('record.progressOf', {
                        resources: format.number(progress.resources),
                        total: format.number(progress.total),
                        pages: progress.pages,
                      })
                    : t('record.progress', {
                        resources: format.number(progress.resources),
                        pages: progress.pages,
                      })
                  : t('record.starting')}
              </Text>
            </Stack>
          )}
          {state.kind === 'done' && (
            <Alert color="green" variant="light" title={t('record.doneTitle')}>
              {t('record.done', { resources: format.number(state.resources), fileName: state.fileName })}
            </Alert>
          )}
          {state.kind === 'cancelled' && <Text size="sm">{t('record.cancelled')}</Text>}
        </div>
        {state.kind === 'failed' && (
          <Alert role="alert" color="red" variant="light" title={t('record.failedTitle')}>
            {state.message}
          </Alert>
        )}
      </Stack>
    </>
  );
}
