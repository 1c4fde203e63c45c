import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { failureOf } from './repository.fixtures.ts';
import { applyResourcePatch } from './patch.ts';

const original: Patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Old' }], active: true };
const patchOf = (ops: unknown) => Promise.resolve().then(() => applyResourcePatch(original, ops));

describe('applyResourcePatch', () => {
  it('applies the operations to a copy, leaving the original untouched', () => {
    const patched = applyResourcePatch(original, [
      { op: 'test', path: '/active', value: true },
      { op: 'replace', path: '/name/0/family', value: 'New' },
      { op: 'remove', path: '/active' },
    ]) as Patient;
    expect(patched).toEqual({ resourceType: 'Patient', id: 'p1', name: [{ family: 'New' }] });
    expect(original.name?.[0]?.family).toBe('Old');
  });

  it('answers 422 for a failing test operation', async () => {
    expect(await failureOf(patchOf([{ op: 'test', path: '/active', value: false }]))).toBe('unprocessable');
  });

  it('answers 400 for a malformed patch or one that cannot apply', async () => {
    expect(await failureOf(patchOf({ op: 'add' }))).toBe('bad-request');
    expect(await failureOf(patchOf([{ op: 'frobnicate', path: '/a' }]))).toBe('bad-request');
    expect(await failureOf(patchOf([{ op: 'replace', path: '/nothing/here', value: 1 }]))).toBe(
      'bad-request',
    );
  });

  it('refuses to change the id or the resourceType', async () => {
    expect(await failureOf(patchOf([{ op: 'replace', path: '/id', value: 'p2' }]))).toBe('bad-request');
    expect(await failureOf(patchOf([{ op: 'remove', path: '/resourceType' }]))).toBe('bad-request');
    expect(await failureOf(patchOf([{ op: 'move', from: '/id', path: '/x' }]))).toBe('bad-request');
  });
});
