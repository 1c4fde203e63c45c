// Password hashing and policy (DESIGN.md §7: argon2id). Hashes are PHC strings that name their own
// parameters, so a future change of cost keeps old hashes verifying.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '@hearth/fhir';

/**
 * OWASP Password Storage Cheat Sheet (argon2id): "a minimum configuration of 19 MiB of memory, an
 * iteration count of 2, and 1 degree of parallelism" (RFC 9106 §4 second recommended option is heavier;
 * this is the floor OWASP accepts for interactive logins on shared servers).
 */
// argon2id is the library's default algorithm (its `Algorithm` const enum cannot be imported under
// isolatedModules); the tests pin the `$argon2id$` prefix and these parameters in the stored hash.
const ARGON2ID = {
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
} as const;

/** NIST SP 800-63B §5.1.1.2: at least 8 characters, at most a limit of 64 or more; we require 12. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** NIST SP 800-63B §5.1.1.2: compare against commonly used and context-specific passwords. */
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'administrator',
  'changeme1234',
  'hearthhealth',
  'passwordpassword',
]);

/** NIST SP 800-63B §5.1.1.2: Unicode passwords are normalised (NFKC) before hashing. */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), ARGON2ID);
}

/** Constant-time verification (argon2 compares digests internally); a malformed hash is a mismatch. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalise(password));
  } catch {
    return false;
  }
}

/**
 * The reasons a password is refused, for the user (empty when it is acceptable). NIST SP 800-63B §5.1.1.2:
 * length over composition rules, no hints, refuse context-specific and common values.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const chars = Array.from(normalise(password)).length; // NIST counts each Unicode code point as one
  if (chars < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (chars > MAX_PASSWORD_LENGTH) problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  const lower = password.toLowerCase();
  const user = username.toLowerCase();
  if (user.length >= 3 && lower.includes(user)) problems.push('Do not include your username.');
  if (COMMON.has(lower) || /^(.)\1+$/.test(password) || isSequence(lower))
    problems.push('This password is too easy to guess; choose a longer passphrase.');
  return problems;
}

/** Throws a 400 naming every problem when the password breaks the policy. */
export function checkPasswordPolicy(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw badRequest(`Password refused: ${problems.join(' ')}`, 'password');
}

/** A random one-time password (120 bits, URL-safe), for accounts created without one. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function isSequence(s: string): boolean {
  if (s.length < 2) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
  return true;
}
