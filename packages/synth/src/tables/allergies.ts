import type { Code } from './codes.ts';

// Allergies with SNOMED CT "allergy to X" codes and their US prevalence: penicillin ~10 % self-reported
// (CDC "Is it really a penicillin allergy?", 2017); peanut 1.8 % and shellfish 2.9 % of adults
// (Gupta et al., JAMA Netw Open 2019); latex ~1 % general population (AAAAI); grass pollen allergic
// rhinitis ~8 % of adults (CDC NHIS 2021, hay fever).

export interface AllergyDefinition {
  readonly code: Code;
  readonly category: 'medication' | 'food' | 'environment';
  readonly criticality: 'low' | 'high';
  readonly reaction: Code;
  readonly prevalence: number;
}

export const ALLERGIES: readonly AllergyDefinition[] = [
  {
    code: { code: '91936005', display: 'Allergy to penicillin (finding)' },
    category: 'medication',
    criticality: 'high',
    reaction: { code: '247472004', display: 'Wheal (finding)' },
    prevalence: 0.1,
  },
  {
    code: { code: '91935009', display: 'Allergy to peanuts (finding)' },
    category: 'food',
    criticality: 'high',
    reaction: { code: '39579001', display: 'Anaphylaxis (disorder)' },
    prevalence: 0.018,
  },
  {
    code: { code: '300913006', display: 'Shellfish allergy (finding)' },
    category: 'food',
    criticality: 'high',
    reaction: { code: '271807003', display: 'Eruption of skin (disorder)' },
    prevalence: 0.029,
  },
  {
    code: { code: '300916003', display: 'Latex allergy (finding)' },
    category: 'environment',
    criticality: 'low',
    reaction: { code: '271807003', display: 'Eruption of skin (disorder)' },
    prevalence: 0.01,
  },
  {
    code: { code: '418689008', display: 'Allergy to grass pollen (finding)' },
    category: 'environment',
    criticality: 'low',
    reaction: { code: '49727002', display: 'Cough (finding)' },
    prevalence: 0.08,
  },
];
