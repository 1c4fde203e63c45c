// Verified access tokens, remembered. Checking an ES256 signature costs more than the rest of a read by
// id (bench --cpu-prof: jose's verifySignature was the largest single item of the server's time), and a
// client sends the same token with every request until it expires. A token that verified is therefore
// kept, keyed by its exact text, until the earlier of its `exp` (RFC 7519 §4.1.4) and `ttlMs`, so a
// retired signing key stops its tokens within that time once the key set is reloaded.

export interface VerifiedTokenCacheOptions {
  /** The injected clock of the token service. */
  now: () => Date;
  /** How long a verification is trusted at most. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
}

interface Entry<T> {
  value: T;
  validUntilMs: number;
}

export class VerifiedTokenCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #opts: VerifiedTokenCacheOptions;

  constructor(opts: VerifiedTokenCacheOptions) {
    this.#opts = opts;
  }

  /** The verified value of `token`, or undefined when it was never verified or is no longer trusted. */
  get(token: string): T | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (this.#opts.now().getTime() < entry.validUntilMs) return entry.value;
    this.#entries.delete(token);
    return undefined;
  }

  /** Remembers `value` for `token`, whose `exp` claim is `expSeconds` (seconds since the epoch). */
  set(token: string, value: T, expSeconds: number): void {
    const nowMs = this.#opts.now().getTime();
    const validUntilMs = Math.min(expSeconds * 1000, nowMs + this.#opts.ttlMs);
    if (validUntilMs <= nowMs) return;
    this.#entries.delete(token);
    this.#entries.set(token, { value, validUntilMs });
    // A Map iterates in insertion order: the first key is the oldest entry.
    while (this.#entries.size > this.#opts.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
