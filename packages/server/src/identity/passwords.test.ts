import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '@hearth/fhir';
import {
  checkPasswordPolicy,
  generatePassword,
  hashPassword,
  passwordProblems,
  verifyPassword,
} from './passwords.ts';

describe('password hashing', () => {
  it('stores an argon2id hash with the OWASP parameters and a random salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('treats differently composed Unicode forms of a password as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait tous les jours');
    expect(await verifyPassword(stored, 'cafe\u0301 au lait tous les jours')).toBe(true);
  });

  it('reports a malformed stored hash as a mismatch, not an error', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever password')).toBe(false);
  });
});

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems('correct horse battery staple', 'alice')).toEqual([]);
  });

  it('refuses short, username-containing, common and trivial passwords', () => {
    expect(passwordProblems('short pass', 'alice')).toEqual(['Use at least 12 characters.']);
    expect(passwordProblems('Alice-is-my-password', 'alice')).toEqual(['Do not include your username.']);
    expect(passwordProblems('password1234', 'bob')).toHaveLength(1);
    expect(passwordProblems('aaaaaaaaaaaaaaa', 'bob')).toHaveLength(1);
    expect(passwordProblems('abcdefghijklmnop', 'bob')).toHaveLength(1);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblems('日本語のパスワードです', 'bob')).toEqual(['Use at least 12 characters.']);
    expect(passwordProblems('日本語のパスワードですよね', 'bob')).toEqual([]);
  });

  it('throws a bad-request outcome naming the problem', () => {
    expect(() => {
      checkPasswordPolicy('short', 'alice');
    }).toThrow(OperationOutcomeError);
  });

  it('generates one-time passwords that pass the policy and differ each time', () => {
    const a = generatePassword();
    expect(passwordProblems(a, 'alice')).toEqual([]);
    expect(generatePassword()).not.toBe(a);
  });
});
