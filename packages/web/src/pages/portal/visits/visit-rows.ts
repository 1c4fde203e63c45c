// Encounter → the rows of "My past visits": when, what kind of visit, who saw the patient, where, why.
// Encounter.participant.individual and serviceProvider are references; their names come from the
// resources the search _included (names map, see fhir-text.ts displayNames).
import type { Encounter } from '@medplum/fhirtypes';
import { conceptText, referenceText } from '../record/fhir-text.ts';

export interface VisitRow {
  id: string;
  /** ISO start of the visit. */
  start: string | undefined;
  end: string | undefined;
  /** The visit type (Encounter.type), else its class display (e.g. "ambulatory"). */
  type: string;
  /** Encounter.class code (AMB, EMER, IMP, VR, HH…), v3-ActCode. */
  classCode: string | undefined;
  providers: string;
  place: string;
  reason: string;
  status: Encounter['status'];
}

export function visitRows(encounters: readonly Encounter[], names: ReadonlyMap<string, string>): VisitRow[] {
  return encounters
    .filter((e) => e.status !== 'entered-in-error' && e.status !== 'cancelled')
    .map((e): VisitRow => ({
      id: e.id ?? '',
      start: e.period?.start,
      end: e.period?.end,
      type: (e.type ?? []).map(conceptText).find(Boolean) ?? e.class.display ?? '',
      classCode: e.class.code,
      providers: (e.participant ?? [])
        .map((p) => referenceText(p.individual, names))
        .filter(Boolean)
        .join(', '),
      place: referenceText(e.serviceProvider, names) || referenceText(e.location?.[0]?.location, names),
      reason: [
        ...(e.reasonCode ?? []).map(conceptText),
        ...(e.reasonReference ?? []).map((r) => referenceText(r, names)),
      ]
        .filter(Boolean)
        .join(', '),
      status: e.status,
    }));
}
