// Loading and error states for a TanStack query, the same everywhere: a busy region while loading
// (aria-busy, announced politely) and an alert with the server's OperationOutcome text on failure.
import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FhirError, errorText } from '../fhir/fhir-error.ts';

export interface QueryStateProps<T> {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending' | 'isError' | 'refetch'>;
  children: (data: T) => ReactNode;
  /** What is loading, for screen readers (defaults to "Loading…"). */
  loadingLabel?: string;
}

export function QueryState<T>({ query, children, loadingLabel }: QueryStateProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Group aria-busy="true" role="status" aria-live="polite" gap="xs" py="sm">
        <Loader size="sm" aria-hidden="true" />
        <Text size="sm">{loadingLabel ?? t('query.loading')}</Text>
      </Group>
    );
  }
  if (query.isError) {
    return (
      <Alert role="alert" color="red" title={t('query.failed')} variant="light">
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {describe(query.error, t)}
        </Text>
        <Button mt="sm" size="xs" variant="outline" color="red" onClick={() => void query.refetch()}>
          {t('query.retry')}
        </Button>
      </Alert>
    );
  }
  return <>{children(query.data as T)}</>;
}

function describe(error: unknown, t: (key: string) => string): string {
  if (error instanceof FhirError) {
    if (error.status === 0) return t('query.unreachable');
    if (error.status === 404 && !error.outcome) return t('query.notFound');
    if (error.status === 403 && !error.outcome) return t('query.forbidden');
  }
  return errorText(error);
}
