import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { isSealed, loadSecretKey, secretBox } from './secret-box.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('secrets at rest (AES-256-GCM)', () => {
  it('seals a TOTP secret so the stored text never contains it, and opens it again', () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a value sealed with another key, an altered one, or one for another purpose', () => {
    const key = randomBytes(32);
    const sealed = secretBox(key).seal('JBSWY3DPEHPK3PXP');
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    const [v, iv, data, tag] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => secretBox(key).open([v, iv, flipped.toString('base64url'), tag].join('.'))).toThrow();
    expect(() => secretBox(key, 'another purpose').open(sealed)).toThrow();
    expect(() => secretBox(key).open('JBSWY3DPEHPK3PXP')).toThrow();
  });

  it('generates the key once into the data dir with mode 0600, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-key-'));
    dirs.push(dir);
    const [a, b] = await Promise.all([
      loadSecretKey({ secretKey: undefined, dataDir: join(dir, 'data') }),
      loadSecretKey({ secretKey: undefined, dataDir: join(dir, 'data') }),
    ]);
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
    expect((await stat(join(dir, 'data', 'secret.key'))).mode & 0o777).toBe(0o600);
    expect((await loadSecretKey({ secretKey: undefined, dataDir: join(dir, 'data') })).equals(a)).toBe(true);
    expect(
      Buffer.from((await readFile(join(dir, 'data', 'secret.key'), 'utf8')).trim(), 'base64').equals(a),
    ).toBe(true);
  });

  it('takes HEARTH_SECRET_KEY as 32 bytes of base64 or hex, and refuses anything else', async () => {
    const key = randomBytes(32);
    expect(loadConfig({ HEARTH_SECRET_KEY: key.toString('base64') }).secretKey?.equals(key)).toBe(true);
    expect(loadConfig({ HEARTH_SECRET_KEY: key.toString('hex') }).secretKey?.equals(key)).toBe(true);
    expect(loadConfig({}).secretKey).toBeUndefined();
    expect(() => loadConfig({ HEARTH_SECRET_KEY: 'short' })).toThrow(/HEARTH_SECRET_KEY/);
    const configured = await loadSecretKey({ secretKey: key, dataDir: '/nonexistent/never-created' });
    expect(configured.equals(key)).toBe(true);
  });
});
