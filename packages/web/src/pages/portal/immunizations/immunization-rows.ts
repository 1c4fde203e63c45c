// Immunization → the rows of "My immunizations": vaccine, date, dose, where/by whom; newest first.
// Immunization.status (immunization.html): completed | not-done | entered-in-error.
import type { Immunization } from '@medplum/fhirtypes';
import { conceptText, referenceText } from '../record/fhir-text.ts';

export interface ImmunizationRow {
  id: string;
  vaccine: string;
  /** ISO date or dateTime given; undefined when only a free-text date was recorded. */
  date: string | undefined;
  /** Free-text date when no exact one is known (occurrenceString). */
  dateText: string | undefined;
  status: 'completed' | 'not-done';
  /** Why it was not given (statusReason), when not-done. */
  notDoneReason: string;
  doseNumber: string | undefined;
  performer: string;
  lotNumber: string | undefined;
}

export function immunizationRows(
  immunizations: readonly Immunization[],
  names: ReadonlyMap<string, string> = new Map(),
): ImmunizationRow[] {
  const rows: ImmunizationRow[] = [];
  for (const i of immunizations) {
    if (i.status === 'entered-in-error') continue;
    const dose = i.protocolApplied?.[0];
    rows.push({
      id: i.id ?? '',
      vaccine: conceptText(i.vaccineCode),
      date: i.occurrenceDateTime,
      dateText: i.occurrenceString,
      status: i.status,
      notDoneReason: i.status === 'not-done' ? conceptText(i.statusReason) : '',
      doseNumber:
        dose?.doseNumberPositiveInt !== undefined
          ? String(dose.doseNumberPositiveInt)
          : dose?.doseNumberString,
      performer:
        (i.performer ?? [])
          .map((p) => referenceText(p.actor, names))
          .filter(Boolean)
          .join(', ') || referenceText(i.location, names),
      lotNumber: i.lotNumber,
    });
  }
  return rows.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}
