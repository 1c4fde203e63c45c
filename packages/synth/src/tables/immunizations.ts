import type { Code } from './codes.ts';

// CDC/ACIP recommended immunization schedules, 2023: child and adolescent (birth–18 years) and adult
// (19+). Ages in months at which each dose is given; CVX codes from the CDC CVX table.

export interface VaccineDose {
  readonly vaccine: Code;
  readonly ageMonths: number;
}

const hepB: Code = { code: '08', display: 'Hep B, adolescent or pediatric' };
const rotavirus: Code = { code: '116', display: 'rotavirus, pentavalent' };
const dtap: Code = { code: '20', display: 'DTaP' };
const hib: Code = { code: '49', display: 'Hib (PRP-OMP)' };
const pcv13: Code = { code: '133', display: 'Pneumococcal conjugate PCV 13' };
const ipv: Code = { code: '10', display: 'IPV' };
const mmr: Code = { code: '03', display: 'MMR' };
const varicella: Code = { code: '21', display: 'varicella' };
const hepA: Code = { code: '83', display: 'Hep A, ped/adol, 2 dose' };
const tdap: Code = { code: '115', display: 'Tdap' };
const hpv: Code = { code: '62', display: 'HPV, quadrivalent' };
const menacwy: Code = { code: '114', display: 'meningococcal MCV4P' };
const td: Code = { code: '113', display: 'Td (adult), 5 Lf tetanus toxoid, preservative free, adsorbed' };
const zoster: Code = { code: '121', display: 'zoster vaccine, live' };
const ppsv23: Code = { code: '33', display: 'pneumococcal polysaccharide vaccine, 23 valent' };

export const INFLUENZA: Code = { code: '140', display: 'Influenza, seasonal, injectable, preservative free' };
export const COVID_19: Code = {
  code: '208',
  display: 'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose',
};

export const CHILDHOOD_AND_ADULT_SCHEDULE: readonly VaccineDose[] = [
  { vaccine: hepB, ageMonths: 0 },
  { vaccine: hepB, ageMonths: 1 },
  { vaccine: rotavirus, ageMonths: 2 },
  { vaccine: dtap, ageMonths: 2 },
  { vaccine: hib, ageMonths: 2 },
  { vaccine: pcv13, ageMonths: 2 },
  { vaccine: ipv, ageMonths: 2 },
  { vaccine: rotavirus, ageMonths: 4 },
  { vaccine: dtap, ageMonths: 4 },
  { vaccine: hib, ageMonths: 4 },
  { vaccine: pcv13, ageMonths: 4 },
  { vaccine: ipv, ageMonths: 4 },
  { vaccine: hepB, ageMonths: 6 },
  { vaccine: rotavirus, ageMonths: 6 },
  { vaccine: dtap, ageMonths: 6 },
  { vaccine: pcv13, ageMonths: 6 },
  { vaccine: ipv, ageMonths: 6 },
  { vaccine: mmr, ageMonths: 12 },
  { vaccine: varicella, ageMonths: 12 },
  { vaccine: hepA, ageMonths: 12 },
  { vaccine: hib, ageMonths: 12 },
  { vaccine: pcv13, ageMonths: 12 },
  { vaccine: dtap, ageMonths: 15 },
  { vaccine: hepA, ageMonths: 18 },
  { vaccine: dtap, ageMonths: 48 },
  { vaccine: ipv, ageMonths: 48 },
  { vaccine: mmr, ageMonths: 48 },
  { vaccine: varicella, ageMonths: 48 },
  { vaccine: tdap, ageMonths: 132 },
  { vaccine: hpv, ageMonths: 132 },
  { vaccine: menacwy, ageMonths: 132 },
  { vaccine: hpv, ageMonths: 138 },
  { vaccine: menacwy, ageMonths: 192 },
  { vaccine: td, ageMonths: 12 * 30 },
  { vaccine: td, ageMonths: 12 * 40 },
  { vaccine: zoster, ageMonths: 12 * 50 },
  { vaccine: td, ageMonths: 12 * 50 },
  { vaccine: td, ageMonths: 12 * 60 },
  { vaccine: ppsv23, ageMonths: 12 * 65 },
  { vaccine: td, ageMonths: 12 * 70 },
];

/** Seasonal influenza vaccine uptake by age, CDC FluVaxView 2022–23 season. */
export function influenzaUptake(age: number): number {
  if (age < 18) return 0.57;
  if (age < 50) return 0.35;
  if (age < 65) return 0.47;
  return 0.7;
}
