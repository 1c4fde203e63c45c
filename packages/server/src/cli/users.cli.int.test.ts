// `hearth users …` as an administrator runs it, on an embedded data dir with no server running. Each
// run spawns Node and opens PGlite, so only the CLI's own work is covered here (stdin, output); the admin
// API behind every users command (disable, enable, reset links, errors) is in identity/users.admin.int.test.ts.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hearth } from './cli.fixtures.ts';

describe('hearth users', { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = {
      HEARTH_DATA_DIR: await mkdtemp(join(tmpdir(), 'hearth-users-')),
      HEARTH_BASE_URL: 'https://hearth.example',
      HEARTH_LOG_LEVEL: 'silent',
    };
  });

  it('adds a practitioner with a generated one-time password, printed once', async () => {
    const run = await hearth(
      ['users', 'add', '--username', 'dr.who', '--role', 'practitioner', '--fhir-user', 'Practitioner/1'],
      env,
    );
    expect(run.code).toBe(0);
    const added = JSON.parse(run.stdout) as { user: { username: string }; oneTimePassword: string };
    expect(added.user.username).toBe('dr.who');
    expect(added.oneTimePassword.length).toBeGreaterThanOrEqual(20);
    expect(run.stderr).toContain('must be changed at first sign-in');
  });

  it('adds a caregiver with a password read from stdin', async () => {
    const run = await hearth(
      [
        'users',
        'add',
        '--username',
        'carer',
        '--role',
        'caregiver',
        '--proxy-for',
        'Patient/1,Patient/2',
        '--password-stdin',
      ],
      env,
      'a long and private passphrase\n',
    );
    expect(run.code).toBe(0);
    const added = JSON.parse(run.stdout) as { user: { proxyPatients: string[] }; oneTimePassword?: string };
    expect(added.user.proxyPatients).toEqual(['1', '2']);
    expect(added.oneTimePassword).toBeUndefined();
  });

  it('lists accounts as JSON without secrets', async () => {
    const list = await hearth(['users', 'list'], env);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.stdout) as { username: string; role: string }[];
    expect(users.map((u) => [u.username, u.role])).toEqual([
      ['carer', 'caregiver'],
      ['dr.who', 'practitioner'],
    ]);
    expect(list.stdout).not.toMatch(/argon2|hash|passphrase/i);
  });
});
