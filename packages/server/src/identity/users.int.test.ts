import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { createUser, findUser, findUserByUsername, listUsers, setUserDisabled } from './users.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(testEngines())('user accounts on %s', (_name, open) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('creates a practitioner with organizations and finds it by id and username', async () => {
    const created = await createUser(engine, {
      username: 'dr.grey',
      role: 'practitioner',
      password: PASSWORD,
      fhirUser: 'Practitioner/123',
      organizations: ['Organization/1', 'CareTeam/7'],
    });
    expect(created).toEqual({
      id: expect.any(String) as string,
      username: 'dr.grey',
      role: 'practitioner',
      fhirUser: 'Practitioner/123',
      proxyPatients: [],
      organizations: ['Organization/1', 'CareTeam/7'],
      mfaEnabled: false,
      disabled: false,
    });
    expect(await findUser(engine, created.id)).toEqual(created);
    expect(await findUserByUsername(engine, 'DR.GREY')).toEqual(created);
  });

  it('stores a caregiver proxy list as patient ids', async () => {
    const caregiver = await createUser(engine, {
      username: 'carer',
      role: 'caregiver',
      password: PASSWORD,
      fhirUser: 'RelatedPerson/9',
      proxyPatients: ['Patient/1', '2', 'Patient/1'],
    });
    expect(caregiver.proxyPatients).toEqual(['1', '2']);
  });

  it('refuses a username that differs only in case', async () => {
    await expect(
      createUser(engine, { username: 'Dr.Grey', role: 'researcher', password: PASSWORD }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it.each([
    [{ role: 'patient' as const }, 'fhirUser'],
    [{ role: 'patient' as const, fhirUser: 'Practitioner/1' }, 'fhirUser'],
    [{ role: 'caregiver' as const, fhirUser: 'RelatedPerson/1' }, 'patient to act for'],
    [{ role: 'practitioner' as const, proxyPatients: ['1'] }, 'Only caregiver'],
    [{ role: 'practitioner' as const, organizations: ['Patient/1'] }, 'Organization or CareTeam'],
    [{ role: 'admin' as const, password: 'someone-secret-word' }, 'Password refused'],
    [{ role: 'admin' as const, username: 'x' }, 'username'],
  ])('refuses an inconsistent account %#', async (fields, message) => {
    await expect(createUser(engine, { username: 'someone', password: PASSWORD, ...fields })).rejects.toThrow(
      message,
    );
    expect(await findUserByUsername(engine, 'someone')).toBeUndefined();
  });

  it('lists accounts without any secret and disables one', async () => {
    const list = await listUsers(engine);
    expect(list.map((u) => u.username)).toEqual(['carer', 'dr.grey']);
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/i);
    const carer = list[0]!;
    expect(await setUserDisabled(engine, carer.id, true)).toBe(true);
    expect((await findUser(engine, carer.id))?.disabled).toBe(true);
    expect(await setUserDisabled(engine, 'no-such-id', true)).toBe(false);
  });
});
