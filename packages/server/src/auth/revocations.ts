// Revoked grants and access tokens (RFC 7009). Access tokens are self-contained JWTs, so revoking one
// records its `jti` (or its grant's `sid`) until it would have expired anyway. Verification consults
// the list on every request; a "not revoked" answer is remembered for a few seconds so the read path
// does not pay a query per request. A revocation made in this process takes effect at once; one made
// by another server process within CHECK_TTL_MS.
import type { Queryable } from '../db/engine.ts';

const CHECK_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class RevocationList {
  readonly #db: Queryable;
  readonly #now: () => Date;
  /** Ids revoked by this process (kept until they expire). */
  readonly #revoked = new Map<string, number>();
  /** Id sets last seen unrevoked in the database, until when. */
  readonly #clear = new Map<string, number>();

  constructor(db: Queryable, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  async revoke(id: string, expires: Date): Promise<void> {
    const now = this.#now();
    await this.#db.query('DELETE FROM oauth_revocations WHERE expires < $1', [now]);
    await this.#db.query(
      `INSERT INTO oauth_revocations (id, expires) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET expires = GREATEST(oauth_revocations.expires, EXCLUDED.expires)`,
      [id, expires],
    );
    this.#revoked.set(id, expires.getTime());
    this.#clear.clear();
  }

  async isRevoked(ids: readonly string[]): Promise<boolean> {
    const t = this.#now().getTime();
    if (ids.some((id) => (this.#revoked.get(id) ?? 0) > t)) return true;
    const key = ids.join(' ');
    if ((this.#clear.get(key) ?? 0) > t) return false;
    const r = await this.#db.query('SELECT 1 FROM oauth_revocations WHERE id = ANY($1::text[]) LIMIT 1', [
      ids,
    ]);
    if (r.rows.length > 0) return true;
    if (this.#clear.size >= MAX_ENTRIES) this.#clear.clear();
    this.#clear.set(key, t + CHECK_TTL_MS);
    return false;
  }
}
