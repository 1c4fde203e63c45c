import type { Resource } from '@medplum/fhirtypes';
import type { Facilities } from './facilities.ts';
import type { Body } from './measurements.ts';
import type { Measured } from './observation-resources.ts';
import type { Person } from './person.ts';
import type { Random } from './random.ts';
import type { Window } from './timeline.ts';

/** Everything a patient's record builders share while the record is written, in time order. */
export interface Chart {
  readonly rng: Random;
  readonly person: Person;
  readonly body: Body;
  readonly facilities: Facilities;
  readonly window: Window;
  readonly resources: Resource[];
  /** RxNorm codes already prescribed, so a drug shared by two conditions is ordered once. */
  readonly prescribed: Set<string>;
  /** Ids of the chronic Conditions already written. */
  readonly diagnosed: Set<string>;
}

export function measuredAt(
  chart: Chart,
  effectiveMs: number,
  encounterId?: string,
  deviceId?: string,
): Measured {
  return {
    id: chart.rng.uuid(),
    patientId: chart.person.id,
    effectiveMs,
    ...(encounterId !== undefined ? { encounterId } : {}),
    ...(deviceId !== undefined ? { deviceId } : {}),
  };
}
