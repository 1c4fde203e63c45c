import { describe, expect, it } from 'vitest';
import { CLIENT_ID, endSessionUrl } from './oauth.ts';
import type { TokenSet } from './tokens.ts';

const tokens: TokenSet = {
  accessToken: 'a',
  expiresAt: 0,
  scope: 'openid',
  fhirUser: 'Practitioner/1',
  role: 'clinician',
  idToken: 'header.payload.signature',
};

describe('endSessionUrl', () => {
  it("sends the id_token from sign-in as the hint and the app's start page as the return", () => {
    const url = new URL(endSessionUrl(tokens, 'https://hearth.example'), 'https://hearth.example');
    expect(url.pathname).toBe('/oauth2/logout');
    expect(url.searchParams.get('id_token_hint')).toBe('header.payload.signature');
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('https://hearth.example/');
  });

  it('still asks the server to end its session when no id_token was kept', () => {
    const url = new URL(endSessionUrl(undefined, 'http://localhost:5173'), 'http://localhost:5173');
    expect(url.searchParams.has('id_token_hint')).toBe(false);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:5173/');
  });
});
