// JWT signing keys (DESIGN.md §7: rotating keys, JWKS published). A key is generated on first start and
// stored; several keys may be live, the newest signs and all unretired ones verify (RFC 7517 JWKS).
// Keys rotate by age (or `hearth keys rotate`); a superseded key stays published until every token it
// signed has expired, then it is retired.
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
export async function rotateSigningKey(db: Queryable, created: Date = new Date()): Promise<string> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
  await db.query(
    'INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created) VALUES ($1, $2, $3, $4, $5)',
    [kid, SIGNING_ALG, JSON.stringify(privateJwk), JSON.stringify(publicJwk), created],
  );
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

export interface KeyPolicy {
  /** A signing key older than this is replaced by a new one. */
  rotateAfterSeconds: number;
  /** The longest lifetime of a token signed by a key: a superseded key stays published this long. */
  tokenSeconds: number;
  /** How often a running server re-reads the signing key (picks up rotations by other processes). */
  recheckSeconds: number;
  now: () => Date;
}

export const DEFAULT_KEY_POLICY: Omit<KeyPolicy, 'tokenSeconds' | 'now'> = {
  rotateAfterSeconds: 30 * 24 * 3600,
  recheckSeconds: 60,
};

/**
 * Rotates when the newest key is too old, and retires keys whose successor has been signing for longer
 * than any token lives (so nothing they signed still verifies).
 */
export async function maintainSigningKeys(
  db: Queryable,
  policy: Pick<KeyPolicy, 'rotateAfterSeconds' | 'tokenSeconds' | 'now'>,
): Promise<void> {
  const now = policy.now().getTime();
  const fresh = await db.query('SELECT 1 FROM signing_keys WHERE retired IS NULL AND created > $1 LIMIT 1', [
    new Date(now - policy.rotateAfterSeconds * 1000),
  ]);
  if (fresh.rows.length === 0) await rotateSigningKey(db, policy.now());
  // Grace of the token lifetime plus a minute for clock skew between servers.
  const cutoff = new Date(now - (policy.tokenSeconds + 60) * 1000);
  await db.query(
    `UPDATE signing_keys k SET retired = $2 WHERE k.retired IS NULL AND EXISTS (
       SELECT 1 FROM signing_keys n WHERE n.retired IS NULL AND n.created > k.created AND n.created < $1)`,
    [cutoff, policy.now()],
  );
}

/** A signer that re-checks the key table at most every `recheckSeconds`, rotating keys by age. */
export function keepSigningKeysFresh(
  db: Queryable,
  policy: Partial<KeyPolicy> & Pick<KeyPolicy, 'tokenSeconds' | 'now'>,
): () => Promise<SigningKey> {
  const p = { ...DEFAULT_KEY_POLICY, ...policy };
  let current: Promise<SigningKey> | undefined;
  let checkedAt = 0;
  return () => {
    const t = p.now().getTime();
    if (!current || t - checkedAt >= p.recheckSeconds * 1000) {
      checkedAt = t;
      current = maintainSigningKeys(db, p).then(() => currentSigningKey(db));
      // A failed check is retried on the next call rather than cached.
      void current.catch(() => {
        checkedAt = 0;
      });
    }
    return current;
  };
}
