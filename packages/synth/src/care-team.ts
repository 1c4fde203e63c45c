import type { CareTeam } from '@medplum/fhirtypes';
import type { Chart } from './chart.ts';
import type { Clinician } from './facilities.ts';
import { reference } from './fhir-values.ts';
import type { ChronicKey } from './tables/conditions.ts';
import type { SpecialtyKey } from './tables/scheduling.ts';

// The patient's care team: their primary care physician and the specialist for each chronic
// condition that usually involves one (referral patterns per ACC/AHA, ADA, GOLD, KDIGO, APA guidance).

const SPECIALTY_FOR: Readonly<Record<ChronicKey, SpecialtyKey>> = {
  hypertension: 'cardiology',
  heartFailure: 'cardiology',
  diabetes: 'endocrinology',
  asthma: 'pulmonology',
  copd: 'pulmonology',
  ckd: 'nephrology',
  depression: 'psychiatry',
  anxiety: 'psychiatry',
};

export function careTeamResource(chart: Chart): CareTeam {
  const { person, facilities } = chart;
  const specialists = new Map<string, Clinician>();
  for (const c of chart.body.cases) {
    if (c.condition.key === 'hypertension') continue; // managed in primary care unless resistant
    const specialist = facilities.specialistFor.get(SPECIALTY_FOR[c.condition.key]);
    if (specialist) specialists.set(specialist.practitionerId, specialist);
  }
  return {
    resourceType: 'CareTeam',
    id: chart.rng.uuid(),
    status: 'active',
    name: `Care team for ${person.given} ${person.family}`,
    subject: reference('Patient', person.id),
    participant: [
      {
        role: [{ text: 'Primary care physician' }],
        member: reference('Practitioner', person.pcp.practitionerId),
      },
      ...[...specialists.values()].map((s) => ({
        role: [{ text: s.specialty.display }],
        member: reference('Practitioner', s.practitionerId),
      })),
    ],
    managingOrganization: [reference('Organization', person.clinic.organizationId)],
  };
}
