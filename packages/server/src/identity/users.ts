// User accounts (issue #3 point 1): practitioners, patients, caregivers, administrators, researchers and
// public-health officers, each optionally linked to the FHIR resource that represents them (SMART App
// Launch 2.0 §"fhirUser": Patient, Practitioner, PractitionerRole, RelatedPerson or Person). Secrets
// (password hash, TOTP secret) never leave this folder: `User` is the public view.
import { randomUUID } from 'node:crypto';
import { badRequest, conflict } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import type { UserRole } from '../db/repository.types.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

export const USER_ROLES: readonly UserRole[] = [
  'practitioner',
  'patient',
  'caregiver',
  'admin',
  'researcher',
  'public-health',
];

export interface User {
  id: string;
  username: string;
  role: UserRole;
  /** SMART `fhirUser`, e.g. `Practitioner/123`, `Patient/456`, `RelatedPerson/789`. */
  fhirUser?: string;
  /** Caregivers: ids of the Patients they hold proxy access for. */
  proxyPatients: string[];
  /** `Organization/…` and `CareTeam/…` references the user belongs to (practitioners). */
  organizations: string[];
  mfaEnabled: boolean;
  disabled: boolean;
}

export interface NewUser {
  username: string;
  role: UserRole;
  password: string;
  fhirUser?: string;
  /** Patient ids or `Patient/id` references. */
  proxyPatients?: readonly string[];
  organizations?: readonly string[];
  /** A generated one-time password: the user must choose their own at first sign-in. */
  mustChangePassword?: boolean;
}

/** The stored row, secrets included; only identity/ reads it. */
export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  fhir_user: string | null;
  proxy_patients: string[];
  organizations: string[];
  totp_secret: string | null;
  totp_last_step: string | number | null;
  failed_logins: number;
  last_failed_at: Date | string | null;
  locked_until: Date | string | null;
  must_change_password: boolean;
  disabled: boolean;
}

export const USER_COLUMNS =
  'id, username, password_hash, role, fhir_user, proxy_patients, organizations, totp_secret, totp_last_step, ' +
  'failed_logins, last_failed_at, locked_until, must_change_password, disabled';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;
const ID = '[A-Za-z0-9\\-.]{1,64}'; // FHIR R4 datatypes.html#id
const FHIR_USER_TYPES: Record<UserRole, readonly string[]> = {
  practitioner: ['Practitioner', 'PractitionerRole'],
  patient: ['Patient'],
  caregiver: ['RelatedPerson'],
  admin: ['Practitioner', 'PractitionerRole', 'Person'],
  researcher: ['Practitioner', 'PractitionerRole', 'Person'],
  'public-health': ['Practitioner', 'PractitionerRole', 'Person'],
};

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    ...(row.fhir_user ? { fhirUser: row.fhir_user } : {}),
    proxyPatients: row.proxy_patients,
    organizations: row.organizations,
    mfaEnabled: row.totp_secret !== null,
    disabled: row.disabled,
  };
}

function checkReference(ref: string, types: readonly string[], field: string): void {
  const m = new RegExp(`^([A-Za-z]+)/${ID}$`).exec(ref);
  if (!m || !types.includes(m[1]!))
    throw badRequest(`${field} must be a reference to ${types.join(' or ')}, e.g. ${types[0]}/123`, field);
}

function patientId(value: string): string {
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  if (!new RegExp(`^${ID}$`).test(id))
    throw badRequest(`Proxy patient ${value} is not a Patient id or Patient/id reference`, 'proxyPatients');
  return id;
}

interface Validated {
  username: string;
  proxyPatients: string[];
  organizations: string[];
}

function validate(input: NewUser): Validated {
  const username = input.username.trim();
  if (!USERNAME.test(username))
    throw badRequest('A username has 3–64 letters, digits or . _ @ - and starts with a letter or digit');
  if (!USER_ROLES.includes(input.role))
    throw badRequest(`Unknown role ${input.role}; expected one of ${USER_ROLES.join(', ')}`, 'role');
  if (input.fhirUser) checkReference(input.fhirUser, FHIR_USER_TYPES[input.role], 'fhirUser');
  else if (input.role === 'patient')
    throw badRequest('A patient account needs its Patient: fhirUser Patient/<id>', 'fhirUser');
  const proxyPatients = [...new Set((input.proxyPatients ?? []).map(patientId))];
  if (input.role === 'caregiver' && proxyPatients.length === 0)
    throw badRequest('A caregiver account needs at least one patient to act for', 'proxyPatients');
  if (input.role !== 'caregiver' && proxyPatients.length > 0)
    throw badRequest('Only caregiver accounts hold proxy access to patients', 'proxyPatients');
  const organizations = [...new Set(input.organizations ?? [])];
  for (const ref of organizations) checkReference(ref, ['Organization', 'CareTeam'], 'organizations');
  checkPasswordPolicy(input.password, username);
  return { username, proxyPatients, organizations };
}

/** Creates an account; 409 when the username (case-insensitive) is taken. */
export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  const v = validate(input);
  const taken = await db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [v.username]);
  if (taken.rows.length > 0) throw conflict(`The username ${v.username} is already taken`);
  const r = await db
    .query<UserRow>(
      `INSERT INTO users (id, username, password_hash, role, fhir_user, proxy_patients, organizations, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING ${USER_COLUMNS}`,
      [
        randomUUID(),
        v.username,
        await hashPassword(input.password),
        input.role,
        input.fhirUser ?? null,
        JSON.stringify(v.proxyPatients),
        JSON.stringify(v.organizations),
        input.mustChangePassword ?? false,
      ],
    )
    .catch((err: unknown) => {
      // A concurrent creation of the same name loses on the unique index (SQLSTATE 23505).
      if ((err as { code?: string }).code === '23505')
        throw conflict(`The username ${v.username} is already taken`);
      throw err;
    });
  return toUser(r.rows[0]!);
}

export async function findUser(db: Queryable, id: string): Promise<User | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return r.rows[0] && toUser(r.rows[0]);
}

/** The stored row by username (case-insensitive), secrets included: for sign-in only. */
export async function findUserRow(db: Queryable, username: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`, [
    username.trim(),
  ]);
  return r.rows[0];
}

export async function findUserByUsername(db: Queryable, username: string): Promise<User | undefined> {
  const row = await findUserRow(db, username);
  return row && toUser(row);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username)`);
  return r.rows.map(toUser);
}

/**
 * Disables an account (ending its browser sessions), or enables it again — which also lifts a sign-in
 * lockout, so an administrator can unlock an account.
 */
export async function setUserDisabled(db: Queryable, id: string, disabled: boolean): Promise<boolean> {
  const r = await db.query(
    disabled
      ? 'UPDATE users SET disabled = true WHERE id = $1'
      : 'UPDATE users SET disabled = false, failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = $1',
    [id],
  );
  if (disabled) await db.query('DELETE FROM user_sessions WHERE user_id = $1', [id]);
  return r.rowCount > 0;
}

/**
 * Removes an account's TOTP (a lost authenticator) and ends its sessions: the user signs in with the
 * password alone, and an administrator must enrol a new authenticator at that sign-in.
 */
export async function clearTotp(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query('UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE id = $1', [id]);
  await db.query('DELETE FROM user_sessions WHERE user_id = $1', [id]);
  return r.rowCount > 0;
}
