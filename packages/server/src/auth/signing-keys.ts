// JWT signing keys (DESIGN.md §7: rotating keys, JWKS published). A key is generated on first start and
// stored; several keys may be live, the newest signs and all unretired ones verify (RFC 7517 JWKS).
// Keys rotate by age (or `hearth keys rotate`); a superseded key stays published until every token it
// signed has expired, then it is retired.
// The private JWK is stored as-is in the database, which holds the data it protects anyway; wrapping
// it with a KMS or a key-encryption key from the environment is the production hardening step.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Queryable } from '../db/engine.ts';

/** Access tokens, audit tree heads and (when a client asks for it) id_tokens are signed with ES256. */
export const SIGNING_ALG = 'ES256';
/** OpenID Connect Core §15.1: RS256 is the id_token algorithm every relying party must support. */
export const OIDC_DEFAULT_ALG = 'RS256';
/** One live key per algorithm; both rotate together and both are published in the JWKS. */
export const SIGNING_ALGS = [SIGNING_ALG, OIDC_DEFAULT_ALG] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export function isSigningAlg(alg: string): alg is SigningAlg {
  return (SIGNING_ALGS as readonly string[]).includes(alg);
}

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

/**
 * Creates and stores a new key for each algorithm (or only `only`); each becomes the one that signs for
 * its algorithm (newest wins). Returns the kid of the new ES256 key (or of `only`'s).
 */
export async function rotateSigningKey(
  db: Queryable,
  created: Date = new Date(),
  only?: SigningAlg,
): Promise<string> {
  const kids: string[] = [];
  for (const alg of only ? [only] : SIGNING_ALGS) {
    const kid = randomUUID();
    // RSA keys of 2048 bits: RFC 7518 §3.3 ("a key of size 2048 bits or larger MUST be used").
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
    await db.query(
      'INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created) VALUES ($1, $2, $3, $4, $5)',
      [kid, alg, JSON.stringify(privateJwk), JSON.stringify(publicJwk), created],
    );
    kids.push(kid);
  }
  return kids[0]!;
}

/** Retires a key: it stops signing and leaves the JWKS (tokens it signed stop verifying). */
export async function retireSigningKey(db: Queryable, kid: string): Promise<void> {
  await db.query('UPDATE signing_keys SET retired = now() WHERE kid = $1 AND retired IS NULL', [kid]);
}

async function liveKeys(db: Queryable, alg?: SigningAlg): Promise<KeyRow[]> {
  const r = await db.query<KeyRow>(
    `SELECT kid, alg, private_jwk, public_jwk FROM signing_keys WHERE retired IS NULL ${alg ? 'AND alg = $1' : ''}
     ORDER BY created DESC, kid`,
    alg ? [alg] : [],
  );
  return r.rows;
}

/** The key that signs new tokens with `alg`, generating the first one if none exists. */
export async function currentSigningKey(db: Queryable, alg: SigningAlg = SIGNING_ALG): Promise<SigningKey> {
  let row = (await liveKeys(db, alg))[0];
  if (!row) {
    await rotateSigningKey(db, new Date(), alg);
    row = (await liveKeys(db, alg))[0]!;
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
  for (const alg of SIGNING_ALGS) {
    const fresh = await db.query(
      'SELECT 1 FROM signing_keys WHERE retired IS NULL AND alg = $2 AND created > $1 LIMIT 1',
      [new Date(now - policy.rotateAfterSeconds * 1000), alg],
    );
    if (fresh.rows.length === 0) await rotateSigningKey(db, policy.now(), alg);
  }
  // Grace of the token lifetime plus a minute for clock skew between servers; a key is superseded only
  // by a newer key of its own algorithm.
  const cutoff = new Date(now - (policy.tokenSeconds + 60) * 1000);
  await db.query(
    `UPDATE signing_keys k SET retired = $2 WHERE k.retired IS NULL AND EXISTS (
       SELECT 1 FROM signing_keys n
       WHERE n.retired IS NULL AND n.alg = k.alg AND n.created > k.created AND n.created < $1)`,
    [cutoff, policy.now()],
  );
}

/**
 * A signer (per algorithm, ES256 by default) that re-checks the key table at most every
 * `recheckSeconds`, rotating keys by age.
 */
export function keepSigningKeysFresh(
  db: Queryable,
  policy: Partial<KeyPolicy> & Pick<KeyPolicy, 'tokenSeconds' | 'now'>,
): (alg?: SigningAlg) => Promise<SigningKey> {
  const p = { ...DEFAULT_KEY_POLICY, ...policy };
  let maintained: Promise<void> | undefined;
  let checkedAt = 0;
  const current = new Map<SigningAlg, Promise<SigningKey>>();
  return (alg = SIGNING_ALG) => {
    const t = p.now().getTime();
    if (!maintained || t - checkedAt >= p.recheckSeconds * 1000) {
      checkedAt = t;
      maintained = maintainSigningKeys(db, p);
      current.clear();
      // A failed check is retried on the next call rather than cached.
      void maintained.catch(() => {
        checkedAt = 0;
      });
    }
    let key = current.get(alg);
    if (!key) {
      key = maintained.then(() => currentSigningKey(db, alg));
      current.set(alg, key);
    }
    return key;
  };
}
