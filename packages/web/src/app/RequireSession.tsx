// The gate of every signed-in route: without tokens the OAuth flow starts (the server's /login asks for
// the password and second factor); after a sign-out or an ended session the user chooses to sign in
// again. When the session goes away, cached FHIR data leaves memory with it.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { beginSignIn } from '../auth/oauth.ts';
import { useAuth } from '../auth/session.tsx';
import { SignInError } from '../auth/tokens.ts';
import { SignedOutScreen, SignInProblem, StatusScreen } from './StatusScreens.tsx';

export function RequireSession() {
  const { t } = useTranslation();
  const { tokens, ended } = useAuth();
  const queryClient = useQueryClient();
  const location = useLocation();
  const [problem, setProblem] = useState<SignInError | undefined>();
  const signedIn = tokens !== undefined;

  useEffect(() => {
    if (!signedIn) queryClient.clear();
  }, [signedIn, queryClient]);

  useEffect(() => {
    if (signedIn || ended !== 'none') return;
    beginSignIn(location.pathname + location.search).catch((err: unknown) => {
      setProblem(err instanceof SignInError ? err : new SignInError('server_unavailable', String(err)));
    });
  }, [signedIn, ended, location.pathname, location.search]);

  if (signedIn) return <Outlet />;
  if (problem) return <SignInProblem error={problem} />;
  if (ended !== 'none') return <SignedOutScreen reason={ended} />;
  return <StatusScreen title={t('auth.signingIn')} busy />;
}
