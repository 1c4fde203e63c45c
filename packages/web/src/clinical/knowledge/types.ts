import type { Citation } from '../typical-ranges.ts';

export type Language = 'en' | 'es';

/** Groups order the results page; their names live in labs.json under `group.<key>`. */
export const LAB_GROUPS = [
  'vitals',
  'diabetes',
  'kidney',
  'liver',
  'lipids',
  'bloodCount',
  'urine',
  'thyroid',
  'heart',
  'infection',
] as const;
export type LabGroup = (typeof LAB_GROUPS)[number];

export interface LabText {
  /** Short everyday name of the test. */
  readonly title: string;
  /** What the test measures. */
  readonly measures: string;
  /** Why it is checked. */
  readonly why: string;
  /** What a high result can mean, in general terms. */
  readonly high?: string;
  /** What a low result can mean, in general terms. */
  readonly low?: string;
  /** For yes/no tests: what finding it can mean. */
  readonly abnormal?: string;
}

export interface LabKnowledge {
  /** LOINC codes this explanation covers; the first is the one results are grouped under. */
  readonly codes: readonly string[];
  readonly group: LabGroup;
  readonly text: Readonly<Record<Language, LabText>>;
  readonly source: Citation;
}

export function medlinePlusTest(title: string, path: string): Citation {
  return { title: `MedlinePlus: ${title}`, url: `https://medlineplus.gov/lab-tests/${path}/` };
}

export function medlinePlusArticle(title: string, article: string): Citation {
  return { title: `MedlinePlus: ${title}`, url: `https://medlineplus.gov/ency/article/${article}.htm` };
}
