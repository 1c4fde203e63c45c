// The FHIR Device of a registered device (issue #6 point 1): its kind as a Hearth code (and SNOMED CT
// where a device concept fits), its name, its status and, when paired, the patient (Device.patient,
// which also puts the Device in that patient's compartment, so `GET /fhir/Device?patient=X` lists them).
import type { Device } from '@medplum/fhirtypes';
import type { ReadingKind } from './types.ts';

export const DEVICE_KIND_SYSTEM = 'https://hearth.health/fhir/CodeSystem/device-reading-kind';
const SNOMED = 'http://snomed.info/sct';

interface KindInfo {
  display: string;
  /** SNOMED CT device concept, where one names this kind of device. */
  snomed?: { code: string; display: string };
}

export const DEVICE_KINDS: Readonly<Record<ReadingKind, KindInfo>> = {
  'heart-rate': { display: 'Heart rate monitor' },
  'blood-pressure': {
    display: 'Blood pressure monitor',
    snomed: { code: '70665002', display: 'Blood pressure cuff' },
  },
  'body-weight': { display: 'Weighing scale', snomed: { code: '19892000', display: 'Scale, device' } },
  'oxygen-saturation': {
    display: 'Pulse oximeter',
    snomed: { code: '448703006', display: 'Pulse oximeter' },
  },
  'body-temperature': {
    display: 'Thermometer',
    snomed: { code: '27991004', display: 'Thermometer, device' },
  },
  'respiratory-rate': { display: 'Respiratory rate monitor' },
  'blood-glucose': {
    display: 'Blood glucose meter',
    snomed: { code: '337414009', display: 'Blood glucose meter' },
  },
  'step-count': { display: 'Step counter' },
};

export function isReadingKind(value: unknown): value is ReadingKind {
  return typeof value === 'string' && Object.hasOwn(DEVICE_KINDS, value);
}

export function newDevice(opts: { kind?: ReadingKind; name?: string; patientId?: string }): Device {
  const kind = opts.kind ? DEVICE_KINDS[opts.kind] : undefined;
  const name = opts.name ?? kind?.display;
  return {
    resourceType: 'Device',
    status: 'active',
    ...(opts.kind && kind
      ? {
          type: {
            coding: [
              ...(kind.snomed ? [{ system: SNOMED, ...kind.snomed }] : []),
              { system: DEVICE_KIND_SYSTEM, code: opts.kind, display: kind.display },
            ],
            text: kind.display,
          },
        }
      : {}),
    ...(name ? { deviceName: [{ name, type: 'user-friendly-name' as const }] } : {}),
    ...(opts.patientId ? { patient: { reference: `Patient/${opts.patientId}` } } : {}),
  };
}

/** The id of the patient a Device is paired to. */
export function pairedPatient(device: Device): string | undefined {
  return /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(device.patient?.reference ?? '')?.[1];
}

/** The kind a Device was registered as. */
export function deviceKind(device: Device): ReadingKind | undefined {
  const code = device.type?.coding?.find((c) => c.system === DEVICE_KIND_SYSTEM)?.code;
  return isReadingKind(code) ? code : undefined;
}
