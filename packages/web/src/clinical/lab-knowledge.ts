// Plain-language explanations of common lab tests and vital signs, keyed by LOINC, in English and
// Spanish. Written for patients at about a 6th-8th grade reading level: what the test measures, why
// it is checked, and what a high or low result can mean in general. They never diagnose; the page
// adds "only your care team can say what your result means for you" under every explanation.
//
// Which tests: see lab-coverage.ts (the derivation of the list and the test that re-checks it).
// Sources: each entry cites the MedlinePlus (U.S. National Library of Medicine) page it follows.
import { BLOOD_COUNT } from './knowledge/blood-count.ts';
import { METABOLIC } from './knowledge/metabolic.ts';
import { OTHER_TESTS } from './knowledge/other-tests.ts';
import { URINE } from './knowledge/urine.ts';
import { VITALS } from './knowledge/vitals.ts';
import type { LabKnowledge, Language } from './knowledge/types.ts';

export type { LabKnowledge, LabText, Language, LabGroup } from './knowledge/types.ts';
export { LAB_GROUPS } from './knowledge/types.ts';

export const LAB_KNOWLEDGE: readonly LabKnowledge[] = [
  ...VITALS,
  ...METABOLIC,
  ...BLOOD_COUNT,
  ...URINE,
  ...OTHER_TESTS,
];

const BY_CODE: ReadonlyMap<string, LabKnowledge> = new Map(
  LAB_KNOWLEDGE.flatMap((entry) => entry.codes.map((code) => [code, entry] as const)),
);

/** The explanation for a LOINC code (any of its synonyms), or undefined for an unknown test. */
export function labKnowledge(loinc: string): LabKnowledge | undefined {
  return BY_CODE.get(loinc);
}

/** The first LOINC of the entry a code belongs to: groups synonyms (serum and blood sodium) as one test. */
export function canonicalLoinc(loinc: string): string {
  return BY_CODE.get(loinc)?.codes[0] ?? loinc;
}

/** The language to explain in: Spanish for any es-* locale, otherwise English. */
export function knowledgeLanguage(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
