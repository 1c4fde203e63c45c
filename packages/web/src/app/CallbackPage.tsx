// /callback: the end of the OAuth round trip. Redeems the code once (React's strict mode runs effects
// twice in development; the pending sign-in is taken on the first run), then goes where the user was.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { completeSignIn } from '../auth/oauth.ts';
import { useAuth } from '../auth/session.tsx';
import { SignInError } from '../auth/tokens.ts';
import { SignInProblem, StatusScreen } from './StatusScreens.tsx';

export function CallbackPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<SignInError | undefined>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const query = new URLSearchParams(window.location.search);
    completeSignIn(query).then(
      ({ tokens, returnTo }) => {
        auth.accept(tokens);
        void navigate(returnTo, { replace: true });
      },
      (err: unknown) => {
        setError(err instanceof SignInError ? err : new SignInError('server_error', String(err)));
      },
    );
  }, [auth, navigate]);

  if (error) return <SignInProblem error={error} />;
  return <StatusScreen title={t('auth.finishingSignIn')} busy />;
}
