// The page's one <h1>, and the same words in the tab title, so screen-reader users hear where they are
// after each navigation (WCAG 2.4.2 Page Titled). Focus moves to the heading on route changes (the
// shell's layout does that), hence tabIndex -1.
import { Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function PageTitle({ title }: { title: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.pageTitle', { title });
  }, [t, title]);
  return (
    <Title order={1} id="page-title" tabIndex={-1} mb="md" style={{ outlineOffset: 4 }}>
      {title}
    </Title>
  );
}
