import type { Encounter } from '@medplum/fhirtypes';
import type { Chart } from './chart.ts';
import type { ChronicCase } from './chronic.ts';
import { conditionResource } from './condition-resources.ts';
import { concept, dateTime, DAY, MINUTE, reference } from './fhir-values.ts';
import type { AcuteState } from './measurements.ts';
import { noteResource } from './notes.ts';
import { prescribe } from './prescriptions.ts';
import { SNOMED } from './tables/codes.ts';
import { ENCOUNTER_TYPES } from './tables/encounters.ts';
import type { Visit } from './timeline.ts';
import { recordLabs, recordVitals } from './visit-measurements.ts';

// One visit's part of the record: the Encounter, what was measured, what was diagnosed or started,
// and the note the clinician wrote.

function acuteStateOf(chart: Chart, visit: Visit): AcuteState {
  const illness = visit.infection?.wave.illness;
  if (!illness) return { fever: false, hypoxia: false };
  return {
    fever: chart.rng.chance(illness.feverShare),
    hypoxia: illness.key === 'covid19' && chart.rng.chance(0.3),
  };
}

function reasonOf(
  visit: Visit,
): { snomed: { code: string; display: string }; icd10: { code: string; display: string } } | undefined {
  return visit.infection?.wave.illness ?? visit.acuteProblem ?? visit.diagnoses[0]?.condition;
}

function encounterResource(chart: Chart, visit: Visit, id: string, endMs: number): Encounter {
  const { person, facilities } = chart;
  const type = ENCOUNTER_TYPES[visit.kind];
  const emergency = visit.kind === 'emergency';
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: type.classCode,
      display: type.classDisplay,
    },
    type: [concept(SNOMED, type.type)],
    subject: reference('Patient', person.id),
    participant: [{ individual: reference('Practitioner', person.pcp.practitionerId) }],
    period: { start: dateTime(visit.startMs), end: dateTime(endMs) },
    location: [
      {
        location: reference(
          'Location',
          emergency ? facilities.hospital.locationId : person.clinic.locationId,
        ),
      },
    ],
    serviceProvider: reference(
      'Organization',
      emergency ? facilities.hospital.organizationId : person.clinic.organizationId,
    ),
  };
  const reason = reasonOf(visit);
  if (reason)
    encounter.reasonCode = [{ coding: [{ system: SNOMED, ...reason.snomed }], text: reason.snomed.display }];
  return encounter;
}

/** Writes a chronic Condition and starts its treatment; without a visit it is recorded at onset. */
export function recordDiagnosis(
  chart: Chart,
  c: ChronicCase,
  visit?: { startMs: number; encounterId: string },
): void {
  const { person } = chart;
  if (chart.diagnosed.has(c.conditionId)) return;
  chart.diagnosed.add(c.conditionId);
  chart.resources.push(
    conditionResource({
      id: c.conditionId,
      patientId: person.id,
      snomed: c.condition.snomed,
      icd10: c.condition.icd10,
      category: 'problem-list-item',
      onsetMs: c.onsetMs,
      recordedMs: visit?.startMs ?? c.onsetMs,
      ...(visit ? { encounterId: visit.encounterId } : {}),
      recorderId: person.pcp.practitionerId,
    }),
  );
  prescribe(chart, c, visit?.encounterId);
}

function recordAcuteCondition(chart: Chart, visit: Visit, encounterId: string): void {
  const reason = visit.infection?.wave.illness ?? visit.acuteProblem;
  if (!reason) return;
  const onsetMs = visit.infection?.onsetMs ?? visit.startMs - DAY;
  const abatementMs = onsetMs + reason.daysToRecover * DAY;
  chart.resources.push(
    conditionResource({
      id: chart.rng.uuid(),
      patientId: chart.person.id,
      snomed: reason.snomed,
      icd10: reason.icd10,
      category: 'encounter-diagnosis',
      onsetMs: Math.min(onsetMs, visit.startMs),
      recordedMs: visit.startMs,
      encounterId,
      recorderId: chart.person.pcp.practitionerId,
      ...(abatementMs < chart.window.nowMs ? { abatementMs } : {}),
    }),
  );
}

export function recordVisit(chart: Chart, visit: Visit): void {
  const { rng, person } = chart;
  const encounterId = rng.uuid();
  const endMs = visit.startMs + ENCOUNTER_TYPES[visit.kind].minutes * MINUTE;
  chart.resources.push(encounterResource(chart, visit, encounterId, endMs));
  const findings: string[] = [];
  recordVitals(chart, visit, encounterId, acuteStateOf(chart, visit), findings);
  recordLabs(chart, visit, encounterId, findings);
  for (const c of visit.diagnoses) recordDiagnosis(chart, c, { startMs: visit.startMs, encounterId });
  recordAcuteCondition(chart, visit, encounterId);
  const problems = chart.body.cases
    .filter((c) => c.onsetMs <= visit.startMs)
    .map((c) => c.condition.snomed.display);
  const reason = reasonOf(visit);
  chart.resources.push(
    noteResource({
      id: rng.uuid(),
      patientId: person.id,
      encounterId,
      authorId: person.pcp.practitionerId,
      custodianId: person.clinic.organizationId,
      kind: visit.kind,
      startMs: visit.startMs,
      endMs,
      summary: reason
        ? `presents with ${reason.snomed.display.replace(/ \(.*\)$/, '').toLowerCase()}.`
        : 'routine visit, no new complaints.',
      problems,
      findings,
      plan:
        reason && visit.diagnoses.length === 0
          ? 'supportive care, return if worse.'
          : 'continue current treatment, follow up as scheduled.',
    }),
  );
}
