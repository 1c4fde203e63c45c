export {
  generatePopulation,
  generatePatientBundle,
  generateSharedBundle,
  populationContext,
} from './population.ts';
export { patientProfile, patientRecord } from './patient-record.ts';
export type { PatientProfile, PopulationContext } from './patient-record.ts';
export type { PopulationOptions } from './options.ts';
export { serializeBundle, canonicalJson, transactionBundle } from './bundle.ts';
export { measureGeneration } from './measure.ts';
export type { GenerationMeasurement } from './measure.ts';
export { Random, stableUuid } from './random.ts';
export { REGIONS } from './tables/regions.ts';
export type { Region, City } from './tables/regions.ts';
export { CHRONIC_CONDITIONS } from './tables/conditions.ts';
export { OBSERVATIONS } from './tables/observations.ts';
export { ILLNESSES } from './tables/outbreaks.ts';
export { VitalStream, severityAt, plateauOf } from './vital-streams.ts';
export type {
  DeviceReading,
  Deterioration,
  Episode,
  MonitoredCondition,
  PlannedEpisode,
  Tick,
  VitalStreamOptions,
  Vitals,
} from './vital-streams.ts';
