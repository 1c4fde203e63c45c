import { describe, expect, it } from 'vitest';
import { toAuditEvent } from './audit-event.ts';
import { canonicalJson } from './canonical.ts';
import { classifyFhirRequest } from './request-audit.ts';

describe('classifyFhirRequest', () => {
  it.each([
    ['GET', '/fhir/Observation/1', { interaction: 'read', action: 'R', entity: 'Observation/1' }],
    ['GET', '/fhir/Observation/1/_history/2', { interaction: 'vread', entity: 'Observation/1' }],
    ['GET', '/fhir/Observation', { interaction: 'search-type', resourceType: 'Observation' }],
    ['POST', '/fhir/Observation/_search', { interaction: 'search-type', repositoryWrite: false }],
    [
      'GET',
      '/fhir/Patient/7/Observation',
      { interaction: 'search-type', resourceType: 'Observation', patient: '7' },
    ],
    ['GET', '/fhir/Patient/7/$everything', { interaction: 'operation', patient: '7', entity: 'Patient/7' }],
    ['GET', '/fhir/Patient/7', { interaction: 'read', patient: '7' }],
    ['POST', '/fhir', { interaction: 'batch', action: 'E' }],
    ['POST', '/fhir/Observation', { interaction: 'create', action: 'C', repositoryWrite: true }],
    ['PUT', '/fhir/Observation/1', { interaction: 'update', action: 'U', repositoryWrite: true }],
    ['DELETE', '/fhir/Observation/1', { interaction: 'delete', action: 'D', repositoryWrite: true }],
    ['GET', '/fhir/_history', { interaction: 'history-system' }],
  ])('classifies %s %s', (method, path, expected) => {
    expect(classifyFhirRequest(method, path)).toMatchObject(expected);
  });
});

describe('toAuditEvent', () => {
  const base = {
    recorded: '2025-01-01T00:00:00.000Z',
    interaction: 'read',
    action: 'R' as const,
    agent: {
      actor: 'Practitioner/1',
      clientId: 'app',
      userId: 'u1',
      fhirUser: 'Practitioner/1',
      role: 'practitioner',
      sourceIp: '10.1.1.1',
    },
    entities: ['Observation/9'],
    patients: ['p1', 'p1'],
  };

  it('names the user, the app, the source address, the resource and each patient once', () => {
    const e = toAuditEvent({ ...base, status: 200 });
    expect(e.outcome).toBe('0');
    expect(e.agent.map((a) => a.who?.reference ?? a.who?.identifier?.value)).toEqual([
      'Practitioner/1',
      'app',
    ]);
    expect(e.agent[0]?.network).toEqual({ address: '10.1.1.1', type: '2' });
    expect(e.entity?.map((x) => x.what?.reference)).toEqual(['Observation/9', 'Patient/p1']);
  });

  it('marks refusals as failures and break-the-glass as the purpose of use', () => {
    const e = toAuditEvent({ ...base, status: 403, breakGlassReason: 'unconscious patient in ED' });
    expect([e.outcome, e.outcomeDesc]).toEqual(['4', '403']);
    expect(e.purposeOfEvent?.[0]?.text).toBe('unconscious patient in ED');
    expect(e.agent[0]?.purposeOfUse?.[0]?.coding?.[0]?.code).toBe('BTG');
  });

  it('serialises canonically: the same event always gives the same bytes', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }] })).toBe('{"a":[{"d":"x"}],"b":1}');
    const one = canonicalJson(toAuditEvent({ ...base, status: 200 }));
    expect(canonicalJson(JSON.parse(one))).toBe(one);
  });
});
