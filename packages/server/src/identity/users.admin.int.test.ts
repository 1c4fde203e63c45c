import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminApp } from '../cli/admin.routes.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { resetTokenUser } from './reset-tokens.ts';
import { findUserByUsername } from './users.ts';

describe.each(testEngines())('the users admin API on %s', (_name, open) => {
  let engine: Engine;
  let admin: FastifyInstance;
  beforeAll(async () => {
    engine = await open();
    const repo = createRepository({ db: engine, bus: createInProcessBus() });
    admin = buildAdminApp({ engine, repo, config: { baseUrl: 'https://hearth.example', dataDir: '.' } });
    await admin.ready();
  });
  afterAll(async () => {
    await admin.close();
    await engine.close();
  });

  const post = (url: string, payload?: object) =>
    admin.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });

  it('adds an account with a generated one-time password that must be changed', async () => {
    const res = await post('/admin/users', {
      username: 'dr.who',
      role: 'practitioner',
      fhirUser: 'Practitioner/1',
      organizations: ['Organization/1'],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ user: { username: string; mfaEnabled: boolean }; oneTimePassword: string }>();
    expect(body.user).toMatchObject({
      username: 'dr.who',
      organizations: ['Organization/1'],
      mfaEnabled: false,
    });
    expect(body.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const row = await engine.query<{ must_change_password: boolean }>(
      'SELECT must_change_password FROM users WHERE username = $1',
      ['dr.who'],
    );
    expect(row.rows[0]?.must_change_password).toBe(true);
  });

  it('adds an account with a chosen password and no one-time password', async () => {
    const res = await post('/admin/users', {
      username: 'carer',
      role: 'caregiver',
      fhirUser: 'RelatedPerson/2',
      proxyPatients: ['Patient/1', 'Patient/2'],
      password: 'a long and private passphrase',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ user: expect.objectContaining({ proxyPatients: ['1', '2'] }) as object });
  });

  it('answers mistakes with 400/404/409 outcomes, never 500', async () => {
    expect((await post('/admin/users', { username: 'x1', role: 'wizard' })).statusCode).toBe(400);
    expect((await post('/admin/users', { username: 'pat', role: 'patient' })).statusCode).toBe(400);
    expect((await post('/admin/users', { username: 'DR.WHO', role: 'researcher' })).statusCode).toBe(409);
    expect((await post('/admin/users/nobody/disable')).statusCode).toBe(404);
    const weak = await post('/admin/users', { username: 'weak', role: 'researcher', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ issue: { diagnostics: string }[] }>().issue[0]?.diagnostics).toContain(
      '12 characters',
    );
  });

  it('lists accounts without hashes or secrets', async () => {
    const res = await admin.inject({ method: 'GET', url: '/admin/users' });
    expect(res.json<{ username: string }[]>().map((u) => u.username)).toEqual(['carer', 'dr.who']);
    expect(res.body).not.toMatch(/argon2|password|totp/i);
  });

  it('disables and enables an account', async () => {
    expect((await post('/admin/users/carer/disable')).json()).toEqual({ username: 'carer', disabled: true });
    expect((await findUserByUsername(engine, 'carer'))?.disabled).toBe(true);
    expect((await post('/admin/users/carer/reset-password')).statusCode).toBe(400);
    await post('/admin/users/carer/enable');
    expect((await findUserByUsername(engine, 'carer'))?.disabled).toBe(false);
  });

  it('removes a lost authenticator and unlocks a locked account', async () => {
    await engine.query(
      "UPDATE users SET totp_secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', locked_until = now() + interval '1 hour' WHERE username = 'carer'",
    );
    expect((await findUserByUsername(engine, 'carer'))?.mfaEnabled).toBe(true);
    expect((await post('/admin/users/carer/reset-mfa')).json()).toEqual({
      username: 'carer',
      mfaEnabled: false,
    });
    expect((await findUserByUsername(engine, 'carer'))?.mfaEnabled).toBe(false);
    await post('/admin/users/carer/enable');
    const row = await engine.query<{ locked_until: unknown }>(
      "SELECT locked_until FROM users WHERE username = 'carer'",
    );
    expect(row.rows[0]?.locked_until).toBeNull();
  });

  it('issues a reset link on the public URL whose token is valid for 30 minutes', async () => {
    const res = await post('/admin/users/dr.who/reset-password');
    expect(res.statusCode).toBe(200);
    const link = res.json<{ url: string; expires: string }>();
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://hearth.example/reset-password');
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const expires = new Date(link.expires);
    expect(Math.round((expires.getTime() - Date.now()) / 60_000)).toBe(30);
    expect(await resetTokenUser(engine, token, new Date(expires.getTime() - 1000))).toBeDefined();
    expect(await resetTokenUser(engine, token, expires)).toBeUndefined();
    const stored = await engine.query('SELECT 1 FROM password_reset_tokens WHERE token_hash = $1', [token]);
    expect(stored.rows).toHaveLength(0); // only its digest is stored
  });
});
