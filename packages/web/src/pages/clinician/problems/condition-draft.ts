// The "Add problem" form → a problem-list Condition (R4 Condition: con-3 clinicalStatus and
// verificationStatus for a confirmed problem; category problem-list-item). Common problems carry their
// SNOMED CT code (the codes the demo population uses, packages/synth/src/tables/conditions.ts, plus a
// few frequent chronic ones from the SNOMED CT International browser); anything else is text only
// (CodeableConcept.text, which R4 allows when no code fits).
import type { Condition } from '@medplum/fhirtypes';

const SNOMED = 'http://snomed.info/sct';

export const COMMON_PROBLEMS = [
  { code: '59621000', display: 'Essential hypertension (disorder)' },
  { code: '44054006', display: 'Diabetes mellitus type 2 (disorder)' },
  { code: '195967001', display: 'Asthma (disorder)' },
  { code: '13645005', display: 'Chronic obstructive lung disease (disorder)' },
  { code: '88805009', display: 'Chronic congestive heart failure (disorder)' },
  { code: '709044004', display: 'Chronic kidney disease (disorder)' },
  { code: '370143000', display: 'Major depressive disorder (disorder)' },
  { code: '197480006', display: 'Anxiety disorder (disorder)' },
  { code: '55822004', display: 'Hyperlipidemia (disorder)' },
  { code: '414916001', display: 'Obesity (disorder)' },
  { code: '49436004', display: 'Atrial fibrillation (disorder)' },
  { code: '40930008', display: 'Hypothyroidism (disorder)' },
] as const;

export interface ProblemValues {
  /** What the user typed or picked. */
  text: string;
  /** The SNOMED code of a picked common problem, if the text is still that problem's label. */
  code?: string;
  /** Onset date, YYYY-MM-DD or ''. */
  onset: string;
}

export type ProblemField = 'code' | 'onset';
export type ProblemError = 'problems.errors.required' | 'problems.errors.future' | 'problems.errors.date';

export interface RecordContext {
  patientId: string;
  /** The signed-in practitioner reference. */
  recorder: string;
  now: Date;
}

/** Which Condition elements each field edits, for placing the server's errors. */
export const PROBLEM_PATHS: Record<ProblemField, readonly string[]> = {
  code: ['Condition.code'],
  onset: ['Condition.onset', 'Condition.onsetDateTime', 'Condition.onset[x]'],
};

/** A past-or-today calendar date (YYYY-MM-DD) check shared by the forms. */
export function checkPastDate(value: string, now: Date): 'date' | 'future' | undefined {
  const parsed = new Date(`${value}T00:00:00Z`);
  // Round-tripping refuses days the calendar does not have (Date rolls 02-30 over to 03-02).
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return 'date';
  // Compared as calendar dates: "today" in UTC+14 is still a valid onset.
  const latest = new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
  return value > latest ? 'future' : undefined;
}

export function draftCondition(
  values: ProblemValues,
  ctx: RecordContext,
): { ok: true; resource: Condition } | { ok: false; errors: Partial<Record<ProblemField, ProblemError>> } {
  const errors: Partial<Record<ProblemField, ProblemError>> = {};
  const text = values.text.trim();
  if (!text) errors.code = 'problems.errors.required';
  if (values.onset) {
    const problem = checkPastDate(values.onset, ctx.now);
    if (problem) errors.onset = problem === 'future' ? 'problems.errors.future' : 'problems.errors.date';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const known = COMMON_PROBLEMS.find((p) => p.code === values.code);
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'problem-list-item',
            display: 'Problem List Item',
          },
        ],
      },
    ],
    code: known ? { coding: [{ system: SNOMED, code: known.code, display: known.display }], text } : { text },
    subject: { reference: `Patient/${ctx.patientId}` },
    recordedDate: ctx.now.toISOString(),
    recorder: { reference: ctx.recorder },
  };
  if (values.onset) condition.onsetDateTime = values.onset;
  return { ok: true, resource: condition };
}
