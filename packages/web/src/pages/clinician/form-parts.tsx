// Pieces every chart form shares: the modal frame with the form-level alert and Cancel/Save, and the
// local date-time helpers for <input type="datetime-local">.
import { Alert, Button, Group, List, Modal, Stack } from '@mantine/core';
import type { ReactNode, SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface FormModalProps {
  title: string;
  opened: boolean;
  onClose: () => void;
  onSubmit: () => void;
  saving: boolean;
  /** Messages that belong to no single field. */
  errors: readonly string[];
  children: ReactNode;
}

export function FormModal({ title, opened, onClose, onSubmit, saving, errors, children }: FormModalProps) {
  const { t } = useTranslation('clinician');
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    // lockScroll off: the scroll lock writes a <style> element without the CSP nonce, which the server's
    // Content-Security-Policy (style-src 'self' 'nonce-…') refuses; the overlay still covers the page.
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      lockScroll={false}
      closeButtonProps={{ 'aria-label': t('form.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {errors.length > 0 && (
            <Alert role="alert" color="red" title={t('form.notSaved')}>
              {errors.length === 1 ? (
                errors[0]
              ) : (
                <List size="sm">
                  {errors.map((e) => (
                    <List.Item key={e}>{e}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          {children}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A Date as the value of <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The decimal separator of a language (1.5 in English, 1,5 in Spanish). */
export function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/**
 * Input descriptions in a colour with 4.5:1 contrast on white (WCAG 1.4.3); Mantine's default
 * "dimmed" grey (#868e96) has 3.3:1.
 */
export const READABLE_DESCRIPTION = { description: { color: 'var(--mantine-color-gray-7)' } } as const;
