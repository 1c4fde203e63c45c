// JWT signing keys (DESIGN.md §7: rotating keys, JWKS published). A key is generated on first start and
// stored; several keys may be live, the newest signs and all unretired ones verify (RFC 7517 JWKS).
// The private JWK is stored as-is in the database, which holds the data it protects anyway; wrapping
// it with a KMS or a key-encryption key from the environment is the production hardening step.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Queryable } from '../db/engine.ts';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
}

interface KeyRow {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
}

/** Creates and stores a new signing key; it becomes the one that signs (newest wins). */
export async function rotateSigningKey(db: Queryable): Promise<string> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
  await db.query('INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk) VALUES ($1, $2, $3, $4)', [
    kid,
    SIGNING_ALG,
    JSON.stringify(privateJwk),
    JSON.stringify(publicJwk),
  ]);
  return kid;
}

/** Retires a key: it stops signing and leaves the JWKS (tokens it signed stop verifying). */
export async function retireSigningKey(db: Queryable, kid: string): Promise<void> {
  await db.query('UPDATE signing_keys SET retired = now() WHERE kid = $1 AND retired IS NULL', [kid]);
}

async function liveKeys(db: Queryable): Promise<KeyRow[]> {
  const r = await db.query<KeyRow>(
    'SELECT kid, alg, private_jwk, public_jwk FROM signing_keys WHERE retired IS NULL ORDER BY created DESC, kid',
  );
  return r.rows;
}

/** The key that signs new tokens, generating the first one if none exists. */
export async function currentSigningKey(db: Queryable): Promise<SigningKey> {
  let row = (await liveKeys(db))[0];
  if (!row) {
    await rotateSigningKey(db);
    row = (await liveKeys(db))[0]!;
  }
  const privateKey = (await importJWK(JSON.parse(row.private_jwk) as JWK, row.alg)) as CryptoKey;
  return { kid: row.kid, alg: row.alg, privateKey };
}

/** The public JWK Set of every unretired key (GET /oauth2/jwks). */
export async function publicJwks(db: Queryable): Promise<{ keys: JWK[] }> {
  return { keys: (await liveKeys(db)).map((r) => JSON.parse(r.public_jwk) as JWK) };
}
