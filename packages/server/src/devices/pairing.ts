// A device pairs itself (issue #6 point 1): it has signed in with its own credentials and sends the code
// the patient's portal showed. The code proves the patient (or their clinician) agreed: whoever created it
// could see that patient and update Devices. The Device is updated as the device itself, so the audit
// names it; refused attempts are audited too, and counted (pairing-codes.ts) so codes cannot be guessed.
import { badRequest, conflict, OperationOutcomeError } from '@hearth/fhir';
import type { Device } from '@medplum/fhirtypes';
import { appendAuditEntry } from '../audit/append.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { pairedPatient } from './device-resource.ts';
import {
  claimPairingCode,
  findPairingCode,
  normalizePairingCode,
  PAIRING_CODE_LENGTH,
  releasePairingCode,
  resetPairAttempts,
  takePairAttempt,
} from './pairing-codes.ts';
import type { DeviceIdentity } from './types.ts';

export interface PairingDeps {
  engine: Engine;
  repo: Repository;
  now: () => Date;
}

const REFUSED: Record<'unknown' | 'expired' | 'used', string> = {
  unknown: 'This pairing code is not known: check it, or get a new one in the patient portal.',
  expired: 'This pairing code has expired: get a new one in the patient portal (codes last 10 minutes).',
  used: 'This pairing code was already used: get a new one in the patient portal.',
};

/** What a device may do to its own Device: read it and write its pairing. */
const asDevice = (deviceId: string): AccessContext => ({
  actor: `Device/${deviceId}`,
  scopes: ['system/Device.ru'],
});

export async function pairDevice(deps: PairingDeps, identity: DeviceIdentity, code: string): Promise<Device> {
  const { engine, repo } = deps;
  const deviceId = identity.deviceId;
  const now = deps.now();
  const refuse = async (reason: string, err: OperationOutcomeError): Promise<never> => {
    await appendAuditEntry(engine, {
      recorded: now.toISOString(),
      interaction: 'operation',
      action: 'E',
      status: err.kind === 'too-many-requests' ? 429 : 400,
      outcomeText: reason,
      agent: { actor: `Device/${deviceId}` },
      entities: [`Device/${deviceId}`],
    });
    throw err;
  };

  const attempt = await takePairAttempt(engine, deviceId, now);
  if (!attempt.allowed) {
    return refuse(
      'pairing attempts exceeded',
      new OperationOutcomeError('too-many-requests', [
        {
          code: 'throttled',
          diagnostics: `Too many pairing attempts from this device: try again in ${attempt.retryAfterSeconds} seconds.`,
        },
      ]),
    );
  }
  const normalized = normalizePairingCode(code);
  if (normalized === undefined) {
    return refuse(
      'malformed pairing code',
      badRequest(`A pairing code is ${PAIRING_CODE_LENGTH} letters and digits, e.g. "K7QM-3XPA".`, 'code'),
    );
  }
  const found = await findPairingCode(engine, normalized, now);
  if (!found.ok) return refuse(`${found.reason} pairing code`, badRequest(REFUSED[found.reason], 'code'));

  const ctx = asDevice(deviceId);
  const device = (await repo.read(ctx, 'Device', deviceId)) as Device;
  const current = pairedPatient(device);
  if (current !== undefined && current !== found.patientId) {
    throw conflict('This device is paired to another patient: unpair it first.');
  }
  if (!(await claimPairingCode(engine, { code: normalized, deviceId, now }))) {
    return refuse('used pairing code', badRequest(REFUSED.used, 'code'));
  }
  try {
    const paired: Device = {
      ...device,
      status: 'active',
      patient: { reference: `Patient/${found.patientId}` },
    };
    const { resource } = await repo.update(ctx, paired);
    await resetPairAttempts(engine, deviceId);
    return resource;
  } catch (err) {
    await releasePairingCode(engine, { code: normalized, deviceId });
    throw err;
  }
}
