// Secrets the server must read back — TOTP shared secrets — are encrypted at rest with AES-256-GCM
// (NIST SP 800-38D: a fresh 96-bit IV per message, 128-bit tag; RFC 6238 §5.1 asks that TOTP keys be
// protected against unauthorized access). The 256-bit key comes from HEARTH_SECRET_KEY, or is generated
// once into the data dir with mode 0600 (embedded mode). Several processes sharing a PostgreSQL need the
// same HEARTH_SECRET_KEY. A database dump alone no longer reveals anyone's second factor.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../db/engine.ts';

const PREFIX = 'v1.';
const KEY_FILE = 'secret.key';

export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the value was not sealed with this key, or was altered. */
  open(sealed: string): string;
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** `purpose` is bound in as associated data: a value sealed for one use cannot be replayed as another. */
export function secretBox(key: Buffer, purpose = 'hearth:totp'): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes (AES-256)');
  const aad = Buffer.from(purpose, 'utf8');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${[iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')}`;
    },
    open(sealed) {
      const [iv, data, tag] = sealed
        .slice(PREFIX.length)
        .split('.')
        .map((p) => Buffer.from(p, 'base64url'));
      if (!isSealed(sealed) || !iv || !data || !tag) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad).setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * HEARTH_SECRET_KEY (already validated as 32 bytes by the config) or `<dataDir>/secret.key`, created
 * on first use with mode 0600. Creation is race-free: written to a private temp file, then hard-linked
 * into place, which fails if another process got there first (its key is then used).
 */
export async function loadSecretKey(opts: {
  secretKey: Buffer | undefined;
  dataDir: string;
}): Promise<Buffer> {
  if (opts.secretKey) return opts.secretKey;
  const path = join(opts.dataDir, KEY_FILE);
  try {
    return decodeKeyFile(await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(opts.dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(temp, 0o600);
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  return decodeKeyFile(await readFile(path, 'utf8'), path);
}

function decodeKeyFile(text: string, path: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} must hold a base64 32-byte key`);
  return key;
}

/**
 * Encrypts TOTP secrets still stored in the clear (written before encryption existed), and checks that
 * already sealed ones open with this key — a wrong HEARTH_SECRET_KEY stops the start instead of failing
 * every TOTP sign-in.
 */
export async function sealStoredTotpSecrets(db: Queryable, box: SecretBox): Promise<number> {
  const users = await db.query<{ id: string; secret: string }>(
    'SELECT id, totp_secret AS secret FROM users WHERE totp_secret IS NOT NULL',
  );
  const sessions = await db.query<{ id: string; secret: string }>(
    'SELECT id_hash AS id, pending_totp_secret AS secret FROM user_sessions WHERE pending_totp_secret IS NOT NULL',
  );
  const sample = [...users.rows, ...sessions.rows].find((r) => isSealed(r.secret));
  if (sample) {
    try {
      box.open(sample.secret);
    } catch {
      throw new Error(
        'The stored TOTP secrets were encrypted with another key: set HEARTH_SECRET_KEY (or restore <data dir>/secret.key) to the key they were written with.',
      );
    }
  }
  let sealed = 0;
  for (const u of users.rows.filter((r) => !isSealed(r.secret))) {
    await db.query('UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_secret = $3', [
      u.id,
      box.seal(u.secret),
      u.secret,
    ]);
    sealed++;
  }
  for (const s of sessions.rows.filter((r) => !isSealed(r.secret))) {
    await db.query(
      'UPDATE user_sessions SET pending_totp_secret = $2 WHERE id_hash = $1 AND pending_totp_secret = $3',
      [s.id, box.seal(s.secret), s.secret],
    );
    sealed++;
  }
  return sealed;
}
