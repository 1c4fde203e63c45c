// Opaque one-time secrets (authorization codes, refresh tokens, launch ids, consent request ids): 256
// random bits, stored only as their SHA-256 so that reading the database does not yield usable tokens.
import { createHash, randomBytes } from 'node:crypto';

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
