// PKCE (RFC 7636) and the random values of an authorization request, with WebCrypto only: no library
// is needed for a SHA-256 and a base64url encoding, and WebCrypto is in every browser and in Node 20.

/** RFC 7636 §4.1 / RFC 4648 §5: base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random octets as base64url: 32 octets give a 43-character verifier (RFC 7636 §4.1). */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return base64url(buf);
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export async function challengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
