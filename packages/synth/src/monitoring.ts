import type { Device } from '@medplum/fhirtypes';
import type { Chart } from './chart.ts';
import { measuredAt } from './chart.ts';
import { findCase } from './chronic.ts';
import { concept, DAY, HOUR, MINUTE, reference } from './fhir-values.ts';
import { capillaryGlucose, hba1c } from './labs.ts';
import { bloodPressure, heartRate } from './measurements.ts';
import { bloodPressureObservation, quantityObservation } from './observation-resources.ts';
import type { DeviceKind } from './tables/devices.ts';
import {
  DEVICE_TYPES,
  MONITORED_CONDITIONS,
  MONITORING_DAYS,
  MONITORING_ENROLMENT,
} from './tables/devices.ts';
import { SNOMED } from './tables/codes.ts';

// Remote monitoring: some treated patients with hypertension, heart failure or diabetes have a home
// device and a fortnight of recent morning readings, the live feed for early-warning views.

function deviceResource(chart: Chart, id: string, kind: DeviceKind): Device {
  const type = DEVICE_TYPES[kind];
  return {
    resourceType: 'Device',
    id,
    status: 'active',
    manufacturer: 'Hearth Synthetic Devices',
    serialNumber: id.slice(0, 8).toUpperCase(),
    deviceName: [{ name: type.display.replace(/ \(physical object\)$/, ''), type: 'user-friendly-name' }],
    type: concept(SNOMED, type),
    patient: reference('Patient', chart.person.id),
  };
}

function readingTimes(chart: Chart): number[] {
  const { nowMs, utcOffsetHours } = chart.window;
  const offset = utcOffsetHours * HOUR;
  const today = Math.floor((nowMs + offset) / DAY) * DAY - offset;
  const times: number[] = [];
  for (let d = MONITORING_DAYS; d >= 0; d--) {
    const ms = today - d * DAY + 7 * HOUR + chart.rng.int(0, 90) * MINUTE;
    if (ms < nowMs) times.push(ms);
  }
  return times;
}

export function recordMonitoring(chart: Chart): void {
  const kinds = new Set<DeviceKind>();
  for (const [key, kind] of Object.entries(MONITORED_CONDITIONS)) {
    const c = findCase(chart.body.cases, key as keyof typeof MONITORED_CONDITIONS);
    if (c?.treatedFromMs !== undefined) kinds.add(kind);
  }
  if (kinds.size === 0 || !chart.rng.chance(MONITORING_ENROLMENT)) return;
  for (const kind of kinds) {
    const deviceId = chart.rng.uuid();
    chart.resources.push(deviceResource(chart, deviceId, kind));
    for (const t of readingTimes(chart)) {
      if (kind === 'bloodPressureMonitor') {
        const bp = bloodPressure(chart.body, t, chart.rng);
        chart.resources.push(bloodPressureObservation(measuredAt(chart, t, undefined, deviceId), bp));
        const hr = heartRate(chart.body, t, chart.rng);
        chart.resources.push(quantityObservation(measuredAt(chart, t, undefined, deviceId), 'heartRate', hr));
      } else {
        const glucose = capillaryGlucose(hba1c(chart.body, t, chart.rng), chart.rng);
        chart.resources.push(
          quantityObservation(measuredAt(chart, t, undefined, deviceId), 'bloodGlucose', glucose),
        );
      }
    }
  }
}
