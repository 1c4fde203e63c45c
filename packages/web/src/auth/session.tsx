// The signed-in session: tokens in memory (and sessionStorage), renewed with the refresh token shortly
// before the access token expires; a failed renewal or a 401 from the API ends the session cleanly.
// `AuthProvider` wraps the whole app; `useSession()` is for pages under the signed-in routes.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { endSessionUrl, refreshTokens, revokeTokens } from './oauth.ts';
import { loadTokens, saveTokens } from './token-store.ts';
import { refreshDelay, type Role, type TokenSet } from './tokens.ts';

export interface Session {
  accessToken: string;
  /** e.g. `Practitioner/123`, `Patient/9`, `RelatedPerson/4`. */
  fhirUser: string;
  role: Role;
  /** The patient in context for patient users (the token response's `patient`). */
  patientId?: string;
  signOut: () => void;
}

/** Why there is no session: never signed in, signed out, or the server ended it. */
export type SessionEnd = 'none' | 'signed-out' | 'expired';

interface AuthState {
  tokens: TokenSet | undefined;
  ended: SessionEnd;
  /** Called by /callback with a fresh token set. */
  accept: (tokens: TokenSet) => void;
  /** A valid access token for a request now, renewed first when it is about to expire. */
  accessToken: () => Promise<string | undefined>;
  /** The API refused the token (401): the session is over. */
  expire: () => void;
  signOut: () => void;
}

/** A request never starts with a token this close to its expiry. */
const EXPIRY_SLACK_MS = 5_000;

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [tokens, setTokens] = useState<TokenSet | undefined>(() => loadTokens(Date.now()));
  const [ended, setEnded] = useState<SessionEnd>('none');
  const ref = useRef(tokens);

  const update = useCallback((next: TokenSet | undefined, end: SessionEnd = 'none') => {
    ref.current = next;
    saveTokens(next);
    setTokens(next);
    setEnded(end);
  }, []);

  // One renewal at a time: the timer and requests that find the token about to expire share it.
  const renewal = useRef<Promise<string | undefined> | undefined>(undefined);
  const renew = useCallback((): Promise<string | undefined> => {
    const current = ref.current;
    if (!current?.refreshToken) {
      update(undefined, 'expired');
      return Promise.resolve(undefined);
    }
    renewal.current ??= refreshTokens(current)
      .then(
        (next) => {
          update(next);
          return next.accessToken;
        },
        () => {
          update(undefined, 'expired');
          return undefined;
        },
      )
      .finally(() => {
        renewal.current = undefined;
      });
    return renewal.current;
  }, [update]);

  const accessToken = useCallback((): Promise<string | undefined> => {
    const current = ref.current;
    if (!current) return Promise.resolve(undefined);
    if (current.expiresAt - Date.now() > EXPIRY_SLACK_MS) return Promise.resolve(current.accessToken);
    return renew();
  }, [renew]);
  const expire = useCallback(() => {
    update(undefined, 'expired');
  }, [update]);
  const signOut = useCallback(() => {
    const current = ref.current;
    update(undefined, 'signed-out');
    // The grant first (the server's logout revokes it too, but a missing id_token would leave that to
    // the user's confirmation), then the server's sign-in session; it sends the browser back to `/`.
    void (async () => {
      if (current) await revokeTokens(current);
      window.location.assign(endSessionUrl(current));
    })();
  }, [update]);

  // Renew shortly before expiry; without a refresh token (or if renewal fails) the session ends.
  useEffect(() => {
    if (!tokens) return;
    const timer = window.setTimeout(() => void renew(), refreshDelay(tokens, Date.now()));
    return () => {
      window.clearTimeout(timer);
    };
  }, [tokens, renew]);

  const value = useMemo<AuthState>(
    () => ({
      tokens,
      ended,
      accept: (next) => {
        update(next);
      },
      accessToken,
      expire,
      signOut,
    }),
    [tokens, ended, update, accessToken, expire, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() outside <AuthProvider>');
  return auth;
}

/** The signed-in user's session; only under the signed-in routes (the shell's <RequireSession>). */
export function useSession(): Session {
  const { tokens, signOut } = useAuth();
  const session = useMemo<Session | undefined>(
    () =>
      tokens && {
        accessToken: tokens.accessToken,
        fhirUser: tokens.fhirUser,
        role: tokens.role,
        ...(tokens.patientId ? { patientId: tokens.patientId } : {}),
        signOut,
      },
    [tokens, signOut],
  );
  if (!session) throw new Error('useSession() outside a signed-in route');
  return session;
}
