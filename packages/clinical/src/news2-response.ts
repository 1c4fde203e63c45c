// NEWS2 trigger thresholds and the clinical response to them: Royal College of Physicians, NEWS2 (2017),
// Chart 2 "NEWS thresholds and triggers" (aggregate 0–4 low; a score of 3 in any individual parameter
// low–medium; 5–6 medium; 7 or more high) and Chart 4 "Clinical response to the NEWS trigger thresholds"
// (monitoring frequency and response for 0; 1–4; 3 in a single parameter; 5 or more; 7 or more).

/** Chart 4's rows: `none` is the aggregate 0, `low` 1–4, `low-medium` a 3 in one parameter with 0–4 overall. */
export type News2Band = 'none' | 'low' | 'low-medium' | 'medium' | 'high';
/** Chart 2's clinical risk. */
export type News2ClinicalRisk = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Response {
  band: News2Band;
  clinicalRisk: News2ClinicalRisk;
  /** Chart 4, "Frequency of monitoring". */
  monitoring: string;
  /** Chart 4, "Clinical response" (one entry per bullet). */
  actions: readonly string[];
}

const RESPONSES: Readonly<Record<News2Band, News2Response>> = {
  // Chart 4, NEW score 0.
  none: {
    band: 'none',
    clinicalRisk: 'low',
    monitoring: 'Minimum 12 hourly',
    actions: ['Continue routine NEWS monitoring'],
  },
  // Chart 4, total 1–4.
  low: {
    band: 'low',
    clinicalRisk: 'low',
    monitoring: 'Minimum 4–6 hourly',
    actions: [
      'Inform registered nurse, who must assess the patient',
      'Registered nurse decides whether increased frequency of monitoring and/or escalation of care is required',
    ],
  },
  // Chart 4, 3 in single parameter.
  'low-medium': {
    band: 'low-medium',
    clinicalRisk: 'low-medium',
    monitoring: 'Minimum 1 hourly',
    actions: [
      'Registered nurse to inform medical team caring for the patient, who will review and decide whether escalation of care is necessary',
    ],
  },
  // Chart 4, total 5 or more: urgent response threshold.
  medium: {
    band: 'medium',
    clinicalRisk: 'medium',
    monitoring: 'Minimum 1 hourly',
    actions: [
      'Urgent response threshold',
      'Registered nurse to immediately inform the medical team caring for the patient',
      'Registered nurse to request urgent assessment by a clinician or team with core competencies in the care of acutely ill patients',
      'Provide clinical care in an environment with monitoring facilities',
    ],
  },
  // Chart 4, total 7 or more: emergency response threshold.
  high: {
    band: 'high',
    clinicalRisk: 'high',
    monitoring: 'Continuous monitoring of vital signs',
    actions: [
      'Emergency response threshold',
      'Registered nurse to immediately inform the medical team caring for the patient – this should be at least at specialist registrar level',
      'Emergency assessment by a team with critical care competencies, including practitioner(s) with advanced airway management skills',
      'Consider transfer of care to a level 2 or 3 clinical care facility, ie higher-dependency unit or ICU',
      'Clinical care in an environment with monitoring facilities',
    ],
  },
};

/** Chart 2/4: the band for an aggregate score, given whether any single parameter scored 3. */
export function news2Band(aggregate: number, anySingleParameterScored3: boolean): News2Band {
  if (aggregate >= 7) return 'high';
  if (aggregate >= 5) return 'medium';
  if (anySingleParameterScored3) return 'low-medium';
  if (aggregate >= 1) return 'low';
  return 'none';
}

export function news2Response(band: News2Band): News2Response {
  return RESPONSES[band];
}
