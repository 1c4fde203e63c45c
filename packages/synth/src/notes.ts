import type { DocumentReference } from '@medplum/fhirtypes';
import { dateTime, reference } from './fhir-values.ts';
import { LOINC } from './tables/codes.ts';
import type { EncounterKind } from './tables/encounters.ts';

// Short clinical notes as DocumentReference (R4: status, content.attachment required) with LOINC
// document types (34117-2 History and physical note for wellness, 11506-3 Progress note otherwise)
// and the US Core clinical-note category. The text is plain and base64-encoded (R4 Attachment.data).

const HEADINGS: Readonly<Record<EncounterKind, string>> = {
  wellness: 'Wellness visit',
  followUp: 'Chronic care follow-up',
  problem: 'Visit for a new problem',
  acute: 'Acute visit',
  urgent: 'Urgent care visit',
  emergency: 'Emergency department visit',
};

export interface NoteFacts {
  readonly id: string;
  readonly patientId: string;
  readonly encounterId: string;
  readonly authorId: string;
  readonly custodianId: string;
  readonly kind: EncounterKind;
  readonly startMs: number;
  readonly endMs: number;
  readonly summary: string;
  readonly problems: readonly string[];
  readonly findings: readonly string[];
  readonly plan: string;
}

export function noteText(facts: NoteFacts): string {
  const problems = facts.problems.length > 0 ? facts.problems.join('; ') : 'none recorded';
  return [
    `${HEADINGS[facts.kind]}, ${dateTime(facts.startMs).slice(0, 10)}`,
    `Subjective: ${facts.summary}`,
    `Active problems: ${problems}.`,
    `Objective: ${facts.findings.join(', ')}.`,
    `Plan: ${facts.plan}`,
    '',
  ].join('\n');
}

export function noteResource(facts: NoteFacts): DocumentReference {
  const wellness = facts.kind === 'wellness';
  return {
    resourceType: 'DocumentReference',
    id: facts.id,
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [
        wellness
          ? { system: LOINC, code: '34117-2', display: 'History and physical note' }
          : { system: LOINC, code: '11506-3', display: 'Progress note' },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
            code: 'clinical-note',
            display: 'Clinical Note',
          },
        ],
      },
    ],
    subject: reference('Patient', facts.patientId),
    date: dateTime(facts.endMs),
    author: [reference('Practitioner', facts.authorId)],
    custodian: reference('Organization', facts.custodianId),
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          data: Buffer.from(noteText(facts), 'utf8').toString('base64'),
        },
      },
    ],
    context: {
      encounter: [reference('Encounter', facts.encounterId)],
      period: { start: dateTime(facts.startMs), end: dateTime(facts.endMs) },
    },
  };
}
