import { medicationRequestResource } from './care-resources.ts';
import type { Chart } from './chart.ts';
import type { ChronicCase } from './chronic.ts';
import { YEAR } from './fhir-values.ts';
import { onStatin } from './labs.ts';
import type { Drug } from './tables/medications.ts';
import { INSULIN, SIMVASTATIN, TREATMENT } from './tables/medications.ts';

// Drug treatment for a chronic condition, started when the case says it was (chronic.ts). People with
// diabetes whose HbA1c settles above 8.5 % get insulin added a year later (ADA 2023 §9), and those
// aged 40–75 a statin (ADA 2023 §10).

function order(chart: Chart, c: ChronicCase, drug: Drug, authoredMs: number, encounterId?: string): void {
  if (chart.prescribed.has(drug.code) || authoredMs > chart.window.nowMs) return;
  chart.prescribed.add(drug.code);
  chart.resources.push(
    medicationRequestResource({
      id: chart.rng.uuid(),
      patientId: chart.person.id,
      drug,
      authoredMs,
      requesterId: chart.person.pcp.practitionerId,
      conditionId: c.conditionId,
      ...(encounterId !== undefined && authoredMs === c.treatedFromMs ? { encounterId } : {}),
    }),
  );
}

export function prescribe(chart: Chart, c: ChronicCase, encounterId?: string): void {
  const start = c.treatedFromMs;
  if (start === undefined) return;
  for (const drug of TREATMENT[c.condition.key].drugs) order(chart, c, drug, start, encounterId);
  if (c.condition.key !== 'diabetes') return;
  if (chart.body.trajectory.a1cTarget > 8.5) order(chart, c, INSULIN, start + YEAR);
  if (onStatin(chart.body)) order(chart, c, SIMVASTATIN, start);
}
