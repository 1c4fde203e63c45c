// Where the tokens live: in memory, mirrored to sessionStorage so a reload of the tab keeps the user
// signed in while a new tab or a closed browser does not (sessionStorage is per tab and per session).
import type { TokenSet } from './tokens.ts';

const KEY = 'hearth.tokens';

export function loadTokens(now: number): TokenSet | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const tokens = JSON.parse(raw) as TokenSet;
    if (typeof tokens.accessToken !== 'string' || typeof tokens.expiresAt !== 'number') return undefined;
    // An expired access token is still useful when a refresh token can renew it.
    return tokens.expiresAt > now || tokens.refreshToken ? tokens : undefined;
  } catch {
    return undefined;
  }
}

export function saveTokens(tokens: TokenSet | undefined): void {
  if (tokens) sessionStorage.setItem(KEY, JSON.stringify(tokens));
  else sessionStorage.removeItem(KEY);
}
