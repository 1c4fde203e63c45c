// Encounters → the timeline: newest first, with type, class (v3 ActCode: AMB, EMER, IMP, VR…),
// period and reasons (reasonCode text/display, R4 Encounter.reasonCode).
import type { CodeableConcept, Encounter } from '@medplum/fhirtypes';

export interface EncounterRow {
  id: string;
  start: string | undefined;
  end: string | undefined;
  status: Encounter['status'];
  type: string | undefined;
  classCode: string | undefined;
  classDisplay: string | undefined;
  reasons: string[];
}

export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  return concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code;
}

export function encounterRows(encounters: readonly Encounter[]): EncounterRow[] {
  return encounters
    .filter((e) => e.status !== 'entered-in-error' && e.status !== 'cancelled')
    .map((e) => ({
      id: e.id ?? '',
      start: e.period?.start,
      end: e.period?.end,
      status: e.status,
      type: e.type?.map(conceptText).find((t) => t !== undefined),
      classCode: e.class.code,
      classDisplay: e.class.display,
      reasons: (e.reasonCode ?? []).map(conceptText).filter((t): t is string => t !== undefined),
    }))
    .sort((a, b) => new Date(b.start ?? 0).getTime() - new Date(a.start ?? 0).getTime());
}
