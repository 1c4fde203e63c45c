// The patient's Devices as the page lists them: name, kind (Hearth's reading-kind code, set at
// registration by the server's devices/device-resource.ts) and whether it is in use.
import type { Device } from '@medplum/fhirtypes';

export const DEVICE_KIND_SYSTEM = 'https://hearth.health/fhir/CodeSystem/device-reading-kind';

/** The eight kinds of reading Hearth takes from devices (issue #6 point 2). */
export const READING_KINDS = [
  'blood-pressure',
  'heart-rate',
  'oxygen-saturation',
  'body-temperature',
  'body-weight',
  'blood-glucose',
  'respiratory-rate',
  'step-count',
] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

export interface DeviceRow {
  id: string;
  /** The user-friendly name, else the type's text; undefined when the device has neither. */
  name: string | undefined;
  kind: ReadingKind | undefined;
  active: boolean;
  /** When the Device was last changed (registered or paired), for ordering. */
  updated: string | undefined;
}

function isReadingKind(code: string | undefined): code is ReadingKind {
  return (READING_KINDS as readonly (string | undefined)[]).includes(code);
}

export function deviceRow(device: Device): DeviceRow | undefined {
  if (!device.id) return undefined;
  const code = device.type?.coding?.find((c) => c.system === DEVICE_KIND_SYSTEM)?.code;
  const name =
    device.deviceName?.find((n) => n.type === 'user-friendly-name')?.name ??
    device.deviceName?.[0]?.name ??
    device.type?.text;
  return {
    id: device.id,
    name: name?.trim() || undefined,
    kind: isReadingKind(code) ? code : undefined,
    active: device.status === undefined || device.status === 'active',
    updated: device.meta?.lastUpdated,
  };
}

/** Devices in use first, then the most recently changed, then by name. */
export function deviceRows(devices: readonly Device[]): DeviceRow[] {
  return devices
    .map(deviceRow)
    .filter((r): r is DeviceRow => r !== undefined)
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        (b.updated ?? '').localeCompare(a.updated ?? '') ||
        (a.name ?? '').localeCompare(b.name ?? ''),
    );
}
