import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusScreen } from './StatusScreens.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <StatusScreen title={t('notFound.title')}>
      <Text ta="center">{t('notFound.body')}</Text>
      <Anchor component={Link} to="/" ta="center">
        {t('notFound.home')}
      </Anchor>
    </StatusScreen>
  );
}
