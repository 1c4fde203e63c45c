import { describe, expect, it } from 'vitest';
import { narrowScopes, parseResourceScope, splitScopes } from './scopes.ts';

describe('SMART scopes', () => {
  it('reads v1 scopes as their v2 equivalents', () => {
    expect(parseResourceScope('system/*.*')?.permissions).toBe('cruds');
    expect(parseResourceScope('system/Patient.read')?.permissions).toBe('rs');
    expect(parseResourceScope('system/Patient.write')?.permissions).toBe('cud');
    expect(parseResourceScope('system/Observation.sr')?.permissions).toBe('rs');
  });

  it('ignores malformed and non-resource scopes', () => {
    expect(parseResourceScope('openid')).toBeUndefined();
    expect(parseResourceScope('system/Patient.xyz')).toBeUndefined();
  });

  it('grants everything allowed when nothing is requested', () => {
    expect(narrowScopes([], ['system/*.*'])).toEqual(['system/*.cruds']);
  });

  it('narrows a broad request to what the client is allowed', () => {
    expect(narrowScopes(['system/*.cruds'], ['system/Patient.rs', 'system/Observation.r'])).toEqual([
      'system/Patient.rs',
      'system/Observation.r',
    ]);
  });

  it('narrows a request to the permissions the client has', () => {
    expect(narrowScopes(['system/Patient.write'], ['system/*.read'])).toEqual([]);
    expect(narrowScopes(['system/Patient.cruds'], ['system/*.read'])).toEqual(['system/Patient.rs']);
    expect(narrowScopes(['user/*.cruds'], ['system/*.*'])).toEqual([]);
  });

  it('splits space-delimited scope strings', () => {
    expect(splitScopes('  system/*.rs  openid ')).toEqual(['system/*.rs', 'openid']);
    expect(splitScopes(undefined)).toEqual([]);
  });

  it('reads patient/ and user/ scopes and keeps a granular constraint verbatim', () => {
    const vitals =
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
    expect(parseResourceScope(vitals)).toEqual({
      context: 'patient',
      resourceType: 'Observation',
      permissions: 'rs',
      query: 'category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
    });
    expect(parseResourceScope('user/*.read')).toMatchObject({ context: 'user', permissions: 'rs' });
    expect(parseResourceScope('patient/Observation.read?category=x')).toBeUndefined();
  });

  it('keeps a requested constraint when narrowing, and adopts the client’s own constraint', () => {
    expect(narrowScopes(['patient/Observation.rs?category=laboratory'], ['patient/*.rs'])).toEqual([
      'patient/Observation.rs?category=laboratory',
    ]);
    expect(narrowScopes(['patient/Observation.rs'], ['patient/Observation.r?category=vital-signs'])).toEqual([
      'patient/Observation.r?category=vital-signs',
    ]);
    expect(
      narrowScopes(['patient/Observation.rs?category=a'], ['patient/Observation.rs?category=b']),
    ).toEqual([]);
  });

  it('grants launch scopes only when the client is allowed them', () => {
    expect(
      narrowScopes(['openid', 'fhirUser', 'offline_access', 'patient/*.rs'], ['patient/*.rs', 'openid']),
    ).toEqual(['patient/*.rs', 'openid']);
  });
});
