// Verified device identities, reused for a few seconds: HTTP ingestion authenticates every request and
// each would otherwise open the sealed secret and read the Device. Only a SHA-256 of the password is
// kept, compared in constant time. The registry forgets a device when its credentials or pairing change;
// another process's change (a CLI on a shared PostgreSQL) is seen once the entry expires.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DeviceIdentity } from './types.ts';

interface Entry {
  digest: Buffer;
  identity: DeviceIdentity;
  until: number;
}

/** Beyond this many devices the oldest entries are dropped (a flood of devices costs memory, not more). */
const MAX_ENTRIES = 100_000;

export interface IdentityCache {
  get(username: string, password: string): DeviceIdentity | undefined;
  put(username: string, password: string, identity: DeviceIdentity): void;
  forget(username: string): void;
}

const digest = (password: string) => createHash('sha256').update(password, 'utf8').digest();

export function createIdentityCache(ttlMs: number, now: () => Date): IdentityCache {
  const entries = new Map<string, Entry>();
  return {
    get(username, password) {
      const entry = entries.get(username);
      if (!entry) return undefined;
      if (entry.until <= now().getTime()) {
        entries.delete(username);
        return undefined;
      }
      return timingSafeEqual(entry.digest, digest(password)) ? entry.identity : undefined;
    },
    put(username, password, identity) {
      if (ttlMs <= 0) return;
      entries.delete(username);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(username, { digest: digest(password), identity, until: now().getTime() + ttlMs });
    },
    forget(username) {
      entries.delete(username);
    },
  };
}
