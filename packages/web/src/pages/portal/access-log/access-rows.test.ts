import type { AuditEvent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { accessRow, peopleToName } from './access-rows.ts';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

// The shape packages/server/src/audit/audit-event.ts records for a practitioner reading an Observation.
function event(
  overrides: Partial<AuditEvent> & { who?: string; role?: string; interaction?: string },
): AuditEvent {
  const { who = 'Practitioner/dr', role = 'practitioner', interaction = 'read', ...rest } = overrides;
  return {
    resourceType: 'AuditEvent',
    id: '42',
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction }],
    action: 'R',
    recorded: '2026-11-20T10:00:00Z',
    outcome: '0',
    agent: [
      {
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: { reference: who },
        altId: 'u-1',
        role: [{ text: role }],
        requestor: true,
      },
      {
        type: { coding: [{ system: DCM, code: '110150', display: 'Application' }] },
        who: { identifier: { system: 'urn:hearth:client', value: 'hearth-web' } },
        requestor: false,
      },
    ],
    source: { observer: { display: 'Hearth' } },
    entity: [
      { what: { reference: 'Observation/o1' } },
      {
        what: { reference: 'Patient/p' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' },
      },
    ],
    ...rest,
  };
}

describe('accessRow', () => {
  it('says who viewed what, through which app, and that it succeeded', () => {
    expect(accessRow(event({}), 'Patient/p')).toEqual({
      id: '42',
      recorded: '2026-11-20T10:00:00Z',
      whoReference: 'Practitioner/dr',
      whoUserId: undefined,
      role: 'practitioner',
      isYou: false,
      app: 'hearth-web',
      action: 'viewed',
      resourceType: 'Observation',
      outcome: 'success',
      breakGlassReason: undefined,
    });
  });

  it('words each interaction in plain terms', () => {
    const words = [
      'read',
      'search-type',
      'history-instance',
      'create',
      'update',
      'patch',
      'delete',
      'operation',
      'capabilities',
    ].map((interaction) => accessRow(event({ interaction }), 'Patient/p').action);
    expect(words).toEqual([
      'viewed',
      'searched',
      'viewed-history',
      'added',
      'changed',
      'changed',
      'deleted',
      'operation',
      'viewed',
    ]);
  });

  it('carries the break-the-glass reason', () => {
    const row = accessRow(
      event({ purposeOfEvent: [{ coding: [{ code: 'ETREAT' }], text: 'unconscious in the ER' }] }),
      'Patient/p',
    );
    expect(row.breakGlassReason).toBe('unconscious in the ER');
  });

  it("marks refused and failed requests, and the patient's own access", () => {
    expect(accessRow(event({ outcome: '4' }), 'Patient/p').outcome).toBe('refused');
    expect(accessRow(event({ outcome: '8' }), 'Patient/p').outcome).toBe('failed');
    expect(accessRow(event({ who: 'Patient/p', role: 'patient' }), 'Patient/p').isYou).toBe(true);
  });

  it('reads a search from the entity description, and a request about the Patient itself', () => {
    const search = event({
      interaction: 'search-type',
      entity: [{ description: 'Condition', query: 'cGF0aWVudD1w' }],
    });
    expect(accessRow(search, 'Patient/p').resourceType).toBe('Condition');
    const own = event({ entity: [{ what: { reference: 'Patient/p' }, role: { code: '1' } }] });
    expect(accessRow(own, 'Patient/p').resourceType).toBe('Patient');
  });

  it('names a user without a FHIR identity by their user id', () => {
    const admin = event({});
    admin.agent[0]!.who = { identifier: { system: 'urn:hearth:user', value: 'u-admin' } };
    admin.agent[0]!.altId = 'u-admin';
    expect(accessRow(admin, 'Patient/p')).toMatchObject({ whoReference: undefined, whoUserId: 'u-admin' });
  });
});

describe('peopleToName', () => {
  it('groups the people to look up by type, once each, without the patient themself', () => {
    const rows = [
      accessRow(event({ who: 'Practitioner/b' }), 'Patient/p'),
      accessRow(event({ who: 'Practitioner/a' }), 'Patient/p'),
      accessRow(event({ who: 'Practitioner/b' }), 'Patient/p'),
      accessRow(event({ who: 'RelatedPerson/c' }), 'Patient/p'),
      accessRow(event({ who: 'Patient/p' }), 'Patient/p'),
    ];
    expect(peopleToName(rows)).toEqual(
      new Map([
        ['Practitioner', ['a', 'b']],
        ['RelatedPerson', ['c']],
      ]),
    );
  });
});
