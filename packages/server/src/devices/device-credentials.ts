// A device's credentials (issue #6 point 1): user name = the Device id, password = 32 random bytes in
// base64url. The password is sealed with the server's secret key (identity/secret-box.ts, a purpose of
// its own) rather than hashed, because the CLI and the patient portal must be able to show it again.
// Verification opens the stored secret and compares digests with timingSafeEqual (equal lengths, so the
// comparison time says nothing about the password).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { Queryable } from '../db/engine.ts';
import { loadSecretKey, secretBox, type SecretBox } from '../identity/secret-box.ts';
import type { DeviceCredentials } from './types.ts';

const PURPOSE = 'hearth:device-credentials';

export type CredentialState = 'active' | 'revoked';

export interface CredentialStore {
  /** New credentials (first issue or rotation); a revoked device becomes active again. */
  issue(deviceId: string, now: Date): Promise<DeviceCredentials>;
  /** The current credentials; undefined when none were issued or they are revoked. */
  show(deviceId: string): Promise<DeviceCredentials | undefined>;
  /** Whether the password is the device's current, unrevoked one. */
  verify(deviceId: string, password: string): Promise<boolean>;
  /** Revokes; false when the device has no credentials. */
  revoke(deviceId: string, now: Date): Promise<boolean>;
  state(deviceIds: readonly string[]): Promise<Map<string, CredentialState>>;
}

export function newDevicePassword(): string {
  return randomBytes(32).toString('base64url');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function samePassword(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function createCredentialStore(
  db: Queryable,
  config: Pick<Config, 'secretKey' | 'dataDir'>,
): CredentialStore {
  // The key is read (or created, embedded mode) on first use, so building a registry stays synchronous.
  let box: Promise<SecretBox> | undefined;
  const sealer = () =>
    (box ??= loadSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }).then((key) =>
      secretBox(key, PURPOSE),
    ));

  async function current(deviceId: string): Promise<string | undefined> {
    const { rows } = await db.query<{ secret: string }>(
      'SELECT secret FROM device_credentials WHERE device_id = $1 AND revoked IS NULL',
      [deviceId],
    );
    const sealed = rows[0]?.secret;
    return sealed === undefined ? undefined : (await sealer()).open(sealed);
  }

  return {
    async issue(deviceId, now) {
      const password = newDevicePassword();
      const sealed = (await sealer()).seal(password);
      await db.query(
        `INSERT INTO device_credentials (device_id, secret, created) VALUES ($1, $2, $3)
         ON CONFLICT (device_id) DO UPDATE SET secret = EXCLUDED.secret, created = EXCLUDED.created, revoked = NULL`,
        [deviceId, sealed, now.toISOString()],
      );
      return { username: deviceId, password };
    },
    async show(deviceId) {
      const password = await current(deviceId);
      return password === undefined ? undefined : { username: deviceId, password };
    },
    async verify(deviceId, password) {
      const stored = await current(deviceId);
      return stored !== undefined && samePassword(stored, password);
    },
    async revoke(deviceId, now) {
      const r = await db.query(
        'UPDATE device_credentials SET revoked = COALESCE(revoked, $2) WHERE device_id = $1',
        [deviceId, now.toISOString()],
      );
      return r.rowCount > 0;
    },
    async state(deviceIds) {
      const { rows } = await db.query<{ device_id: string; revoked: unknown }>(
        'SELECT device_id, revoked FROM device_credentials WHERE device_id = ANY($1::text[])',
        [deviceIds],
      );
      return new Map(rows.map((r) => [r.device_id, r.revoked === null ? 'active' : 'revoked']));
    },
  };
}
