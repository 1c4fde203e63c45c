// Which patients the simulator monitors and with which devices, through the admin API (the CLI's one way
// to a Hearth database, running server or not). Decisions:
// - it reuses the database's patients (the first N by id, e.g. the demo clinic's or `hearth seed`'s) and
//   creates only the missing ones, as plain Patients marked with the simulator's identifier system;
// - one device per patient, named SIMULATOR_DEVICE_NAME and paired to it; a later run reuses the devices
//   (and their credentials) of an earlier one instead of registering new ones, so runs are repeatable.
import type { Patient } from '@medplum/fhirtypes';
import { stableUuid } from '@hearth/synth';
import type { AddedDevice, ListedDevice } from './devices.admin.ts';
import type { SimulatedDevice } from './simulator-publishers.ts';
import type { DeviceCredentials } from './types.ts';

export const SIMULATOR_DEVICE_NAME = 'Hearth simulator';
export const SIMULATED_PATIENT_SYSTEM = 'urn:hearth:simulator:patient';

/** The admin API as the CLI reaches it (cli/admin-connection.ts). */
export interface AdminApi {
  request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T>;
}

export interface ProvisionOptions {
  patients: number;
  /** Names the patients the simulator creates (the same seed creates the same ones). */
  seed: string;
  onProgress?: (done: number, total: number) => void;
}

export interface Provisioned {
  devices: SimulatedDevice[];
  /** How many patients and devices this run created (the rest were reused). */
  createdPatients: number;
  createdDevices: number;
}

const PAGE = 1000;

async function existingPatients(admin: AdminApi, wanted: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await admin.request<{ lines: string[]; next?: string }>(
      'GET',
      `/admin/export?types=Patient&limit=${Math.min(PAGE, wanted - ids.length)}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    for (const line of page.lines) ids.push((JSON.parse(line) as Patient).id!);
    after = page.next;
  } while (after !== undefined && ids.length < wanted);
  return ids;
}

function simulatedPatient(seed: string, index: number): Patient {
  const key = `${seed}:${index}`;
  return {
    resourceType: 'Patient',
    id: stableUuid(`simulator-patient:${key}`),
    identifier: [{ system: SIMULATED_PATIENT_SYSTEM, value: key }],
    active: true,
    name: [{ use: 'official', family: 'Simulated', given: [`Patient ${index + 1}`] }],
  };
}

async function createPatients(admin: AdminApi, seed: string, from: number, count: number): Promise<string[]> {
  const patients = Array.from({ length: count }, (_, i) => simulatedPatient(seed, from + i));
  const { results } = await admin.request<{ results: { status: string; error?: string }[] }>(
    'POST',
    '/admin/import-batch',
    { items: patients.map((resource) => ({ source: 'simulator', action: 'put', resource })) },
  );
  const failed = results.find((r) => r.status === 'failed');
  if (failed) throw new Error(`Could not create a simulated patient: ${failed.error ?? 'failed'}`);
  return patients.map((p) => p.id!);
}

/** Patients for the run (reused, then created) with one paired simulator device each, and its credentials. */
export async function provisionDevices(admin: AdminApi, opts: ProvisionOptions): Promise<Provisioned> {
  const reused = await existingPatients(admin, opts.patients);
  const missing = opts.patients - reused.length;
  const patientIds =
    missing > 0 ? [...reused, ...(await createPatients(admin, opts.seed, reused.length, missing))] : reused;
  const listed = await admin.request<ListedDevice[]>('GET', '/admin/devices');
  const byPatient = new Map<string, string>();
  for (const d of listed) {
    if (d.name === SIMULATOR_DEVICE_NAME && d.credentials === 'active' && d.patient && d.status === 'active')
      byPatient.set(d.patient.replace(/^Patient\//, ''), d.device_id);
  }
  const devices: SimulatedDevice[] = [];
  let createdDevices = 0;
  for (const patientId of patientIds) {
    const existing = byPatient.get(patientId);
    let deviceId: string;
    let credentials: DeviceCredentials;
    if (existing) {
      deviceId = existing;
      credentials = await admin.request<DeviceCredentials>(
        'GET',
        `/admin/devices/${encodeURIComponent(existing)}/credentials`,
      );
    } else {
      const added = await admin.request<AddedDevice>('POST', '/admin/devices', {
        name: SIMULATOR_DEVICE_NAME,
        patient: patientId,
      });
      deviceId = added.device_id;
      credentials = { username: added.username, password: added.password };
      createdDevices++;
    }
    devices.push({ deviceId, patientId, credentials });
    opts.onProgress?.(devices.length, patientIds.length);
  }
  return { devices, createdPatients: Math.max(missing, 0), createdDevices };
}
