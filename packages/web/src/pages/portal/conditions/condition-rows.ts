// Condition → the rows of "My conditions": what, since when, whether it is still going on. Codes from
// FHIR R4 condition.html (clinical status: active | recurrence | relapse | inactive | remission | resolved).
import type { Condition } from '@medplum/fhirtypes';
import { conceptCode, conceptText } from '../record/fhir-text.ts';

const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const ONGOING = ['active', 'recurrence', 'relapse'];

export interface ConditionRow {
  id: string;
  name: string;
  clinicalStatus: string | undefined;
  /** Still going on (active, recurrence or relapse). */
  ongoing: boolean;
  /** ISO onset (or recorded) date, if known. */
  since: string | undefined;
  /** ISO date it ended, if resolved. */
  ended: string | undefined;
}

export function conditionRows(conditions: readonly Condition[]): ConditionRow[] {
  return conditions
    .filter(
      (c) => !['refuted', 'entered-in-error'].includes(conceptCode(c.verificationStatus, VERIFICATION) ?? ''),
    )
    .map((c): ConditionRow => {
      const clinicalStatus = conceptCode(c.clinicalStatus, CLINICAL_STATUS);
      return {
        id: c.id ?? '',
        name: conceptText(c.code),
        clinicalStatus,
        ongoing: clinicalStatus !== undefined && ONGOING.includes(clinicalStatus),
        since: c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate,
        ended: c.abatementDateTime ?? c.abatementPeriod?.end,
      };
    })
    .sort((a, b) => Number(b.ongoing) - Number(a.ongoing) || (b.since ?? '').localeCompare(a.since ?? ''));
}
