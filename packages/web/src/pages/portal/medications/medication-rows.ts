// MedicationRequest → the rows of "My medications": what, how to take it, since when, by whom. Active
// prescriptions come first (they are what the patient takes today), each group newest first.
import type { Dosage, MedicationRequest } from '@medplum/fhirtypes';
import { conceptText, referenceText } from '../record/fhir-text.ts';

export interface MedicationRow {
  id: string;
  name: string;
  /** MedicationRequest.status (active | on-hold | cancelled | completed | entered-in-error | stopped | draft | unknown). */
  status: string;
  active: boolean;
  /** How to take it, as written by the prescriber (Dosage.text, else patientInstruction). */
  dosage: string;
  /** ISO date the prescription was written, if known. */
  authoredOn: string | undefined;
  prescriber: string;
  reason: string;
}

function dosageText(dosages: readonly Dosage[] | undefined): string {
  return (dosages ?? [])
    .map((d) => d.text ?? d.patientInstruction ?? '')
    .filter((t) => t !== '')
    .join('; ');
}

export function medicationRows(
  requests: readonly MedicationRequest[],
  names: ReadonlyMap<string, string> = new Map(),
): MedicationRow[] {
  const rows = requests
    .filter((r) => r.status !== 'entered-in-error')
    .map((r): MedicationRow => ({
      id: r.id ?? '',
      name: conceptText(r.medicationCodeableConcept) || referenceText(r.medicationReference, names),
      status: r.status,
      active: r.status === 'active',
      dosage: dosageText(r.dosageInstruction),
      authoredOn: r.authoredOn,
      prescriber: referenceText(r.requester, names),
      reason: (r.reasonCode ?? []).map(conceptText).filter(Boolean).join(', '),
    }));
  return rows.sort(
    (a, b) => Number(b.active) - Number(a.active) || (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''),
  );
}
