import type { Bundle } from '@medplum/fhirtypes';
import { transactionBundle } from './bundle.ts';
import { planFacilities } from './facilities.ts';
import { YEAR } from './fhir-values.ts';
import type { PopulationOptions } from './options.ts';
import { resolveOptions } from './options.ts';
import { planWaves } from './outbreaks.ts';
import type { PopulationContext } from './patient-record.ts';
import { patientRecord } from './patient-record.ts';
import { hash128 } from './random.ts';
import { sharedResources } from './shared-resources.ts';

// The public generator: first the shared bundle (organizations, locations, practitioners, roles,
// schedules, free slots), then one transaction bundle per patient. It streams: memory stays constant
// whatever the number of patients, because each bundle is built only when the caller asks for it.

export function populationContext(options: PopulationOptions): PopulationContext {
  const o = resolveOptions(options);
  const facilities = planFacilities(o.seed, o.region);
  const window = {
    fromMs: o.nowMs - o.historyYears * YEAR,
    nowMs: o.nowMs,
    utcOffsetHours: o.region.utcOffsetHours,
  };
  return {
    seed: o.seed,
    facilities,
    waves: planWaves(o.seed, o.region, o.nowMs, o.historyYears),
    window,
    scheduleWeeks: o.scheduleWeeks,
    // MRNs carry a seed-derived prefix so two seeded populations never share a record number.
    mrnPrefix: `H${hash128(o.seed)[0].toString(36).toUpperCase().padStart(7, '0')}-`,
  };
}

/** The shared resources bundle (always the first bundle of a population). */
export function generateSharedBundle(options: PopulationOptions): Bundle {
  const o = resolveOptions(options);
  const context = populationContext(options);
  return transactionBundle(sharedResources(context.facilities, o.nowMs, o.scheduleWeeks));
}

/** Patient `index`'s bundle alone: the same bytes as in the full stream, for parallel workers. */
export function generatePatientBundle(options: PopulationOptions, index: number): Bundle {
  return transactionBundle(patientRecord(populationContext(options), index));
}

export function* generatePopulation(options: PopulationOptions): Generator<Bundle> {
  const o = resolveOptions(options);
  yield generateSharedBundle(options);
  const context = populationContext(options);
  for (let index = 0; index < o.patients; index++) yield transactionBundle(patientRecord(context, index));
}
