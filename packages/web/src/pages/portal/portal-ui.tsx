// Small building blocks the portal's pages share: lists of cards that read well at 360 px, a labelled
// fact, an empty state and page controls. Lists are real <ul>/<li> so screen readers announce counts.
import { Badge, Card, Group, Pagination, Stack, Text, Title, type CardProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Filled controls (white text) take blue.8 explicitly: 6.3:1 against white (WCAG 1.4.3). In the browser
 * the theme's primaryShade did not reach --mantine-color-blue-filled (axe measured blue.6, 3.55:1).
 */
export const FILLED_COLOR = 'blue.8';

export function ItemList({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {children}
    </Stack>
  );
}

export function Item({ children, ...props }: { children: ReactNode } & CardProps) {
  return (
    <Card component="li" withBorder padding="md" radius="md" {...props}>
      {children}
    </Card>
  );
}

/** An item's heading with an optional badge beside it (wraps under it on a narrow screen). */
export function ItemHeading({
  order,
  children,
  badge,
}: {
  order: 2 | 3;
  children: ReactNode;
  badge?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" gap="xs" mb={4}>
      <Title order={order} size="h4" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Title>
      {badge}
    </Group>
  );
}

/** "Label: value", left out when there is no value. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label}:{' '}
      </Text>
      {children}
    </Text>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="gray.7" py="sm">
      {children}
    </Text>
  );
}

/** Page links for a paged list; nothing when everything fits on one page. */
export function Pages({
  page,
  total,
  perPage,
  onChange,
}: {
  page: number;
  total: number;
  perPage: number;
  onChange: (page: number) => void;
}) {
  const { t } = useTranslation('portal');
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <Stack component="nav" aria-label={t('paging.label')} gap={4} align="center" mt="md">
      <Pagination
        color={FILLED_COLOR}
        value={page}
        onChange={onChange}
        total={pages}
        siblings={0}
        boundaries={1}
        getControlProps={(control) => ({
          'aria-label': t(`paging.${control}`),
        })}
        getItemProps={(p) => ({
          'aria-label': t('paging.page', { page: p }),
          'aria-current': p === page ? 'page' : undefined,
        })}
      />
      <Text size="sm" c="gray.7" aria-live="polite">
        {t('paging.status', { page, pages, total })}
      </Text>
    </Stack>
  );
}

/**
 * A status word on a tinted background. The text stays near-black (or white on a dark red for a
 * warning) so it meets WCAG 1.4.3 contrast whatever the tint; the words carry the meaning, the colour
 * only supports it.
 */
export function StatusBadge({
  tone,
  children,
  size,
}: {
  tone: 'good' | 'info' | 'warn' | 'danger' | 'neutral';
  children: ReactNode;
  size?: 'sm' | 'md';
}) {
  if (tone === 'danger') {
    return (
      <Badge color="red.9" variant="filled" size={size}>
        {children}
      </Badge>
    );
  }
  const color = { good: 'green', info: 'blue', warn: 'orange', neutral: 'gray' }[tone];
  return (
    <Badge color={color} variant="light" c="dark.7" size={size}>
      {children}
    </Badge>
  );
}
