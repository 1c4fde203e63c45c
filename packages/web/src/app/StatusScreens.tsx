// Full-page states outside the signed-in layout: signing in, a failed sign-in, signed out, expired.
// Each is a proper page (landmark, heading, title) because it is all the user sees.
import { Alert, Anchor, Button, Center, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { beginSignIn } from '../auth/oauth.ts';
import type { SignInError } from '../auth/tokens.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

export function StatusScreen({
  title,
  busy,
  children,
}: {
  title: string;
  busy?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.pageTitle', { title });
  }, [t, title]);
  return (
    <Container size="xs" component="main" py="xl">
      <Group justify="space-between" mb="lg">
        <Text fw={700} size="lg">
          {t('app.name')}
        </Text>
        <LanguageSwitcher />
      </Group>
      <Stack aria-busy={busy ? 'true' : undefined}>
        <Center>{busy && <Loader aria-hidden="true" />}</Center>
        <Title order={1} size="h2" ta="center">
          {title}
        </Title>
        {children}
      </Stack>
    </Container>
  );
}

export function LoadingScreen() {
  const { t } = useTranslation();
  return <StatusScreen title={t('query.loading')} busy />;
}

export function SignInButton() {
  const { t } = useTranslation();
  return (
    <Button onClick={() => void beginSignIn('/')} fullWidth>
      {t('auth.signIn')}
    </Button>
  );
}

export function SignInProblem({ error }: { error: SignInError }) {
  const { t } = useTranslation();
  const known = t(`auth.errors.${error.code}`, { defaultValue: '' });
  const message =
    error.code === 'no_role'
      ? t('auth.noRole')
      : known || t('auth.errors.generic', { message: error.message });
  return (
    <StatusScreen title={t('auth.signInFailed')}>
      <Alert role="alert" color="red" variant="light">
        {message}
      </Alert>
      <Button onClick={() => void beginSignIn('/')} fullWidth>
        {t('auth.tryAgain')}
      </Button>
    </StatusScreen>
  );
}

export function SignedOutScreen({ reason }: { reason: 'signed-out' | 'expired' }) {
  const { t } = useTranslation();
  if (reason === 'expired') {
    return (
      <StatusScreen title={t('auth.expiredTitle')}>
        <Text ta="center">{t('auth.expired')}</Text>
        <SignInButton />
      </StatusScreen>
    );
  }
  return (
    <StatusScreen title={t('auth.signedOutTitle')}>
      <Text ta="center">{t('auth.signedOut')}</Text>
      <SignInButton />
      {/* The server's own sign-in session (a cookie the app cannot touch) ends on its page. */}
      <Anchor href="/login" ta="center">
        {t('auth.endServerSession')}
      </Anchor>
    </StatusScreen>
  );
}
