// What every transport does with a device's readings (DESIGN.md §6): parse and normalise the whole
// payload (payloads.ts), refuse it entire on any bad reading or when the device is not paired, else store
// it durably (store.ts). HTTP (readings.routes.ts) and MQTT (mqtt-broker.ts, mqtt-external.ts) only adapt
// the outcome to their wire: 202 / PUBACK, 400 / 403 / the device's errors topic.
import { OperationOutcomeError } from '@hearth/fhir';
import { statusForKind } from '../http/errors.ts';
import { parseReadings, parseReadingsPayload, readingIssuesMessage, type ReadingIssue } from './payloads.ts';
import type { IngestResult } from './store.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

/** The one thing the transports need from the store: durable ingestion. */
export interface ReadingsSink {
  ingest(identity: DeviceIdentity, readings: NormalizedReading[]): Promise<IngestResult>;
}

export type IntakeOutcome =
  | { ok: true; result: IngestResult }
  | { ok: false; refusal: 'invalid'; issues: ReadingIssue[] }
  | { ok: false; refusal: 'unpaired' }
  /** The store refused the readings (a 4xx OperationOutcome), having stored nothing. */
  | { ok: false; refusal: 'refused'; error: OperationOutcomeError };

/** The largest HTTP body or MQTT payload of readings (a full batch of MAX_READINGS_PER_BATCH fits). */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** A request's body (JSON already decoded), or an MQTT message's bytes. */
export type ReadingsPayload = { body: unknown } | { raw: Buffer };

/** Resolves once the readings are durable (or refused, with nothing stored); rejects if storing failed. */
export async function takeReadings(
  sink: ReadingsSink,
  identity: DeviceIdentity,
  payload: ReadingsPayload,
): Promise<IntakeOutcome> {
  if (identity.patientId === undefined) return { ok: false, refusal: 'unpaired' };
  const parsed = 'raw' in payload ? parseReadingsPayload(payload.raw) : parseReadings(payload.body);
  if (!parsed.ok) return { ok: false, refusal: 'invalid', issues: parsed.issues };
  try {
    return { ok: true, result: await sink.ingest(identity, parsed.readings) };
  } catch (err) {
    if (err instanceof OperationOutcomeError && statusForKind(err.kind) < 500) {
      return { ok: false, refusal: 'refused', error: err };
    }
    throw err; // a storage failure: nothing acknowledged, the device sends again
  }
}

export const UNPAIRED_MESSAGE =
  'This device is not paired to a patient, so its readings cannot be stored: pair it with a pairing code ' +
  'from the patient portal (POST /devices/{id}/pair), then send again.';

/** A payload refused whole before parsing (too large for MQTT; HTTP answers 413). */
export function tooLarge(maxBytes: number): Refusal {
  const message = `The payload is larger than ${maxBytes} bytes; send the readings in smaller batches`;
  return { ok: false, refusal: 'invalid', issues: [{ index: -1, path: '', message }] };
}

export type Refusal = Exclude<IntakeOutcome, { ok: true }>;

/** `{error, issues}`: what a refused payload publishes to `hearth/devices/{deviceId}/errors`. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.refusal) {
    case 'invalid':
      return readingIssuesMessage(refusal.issues);
    case 'unpaired':
      return JSON.stringify({ error: UNPAIRED_MESSAGE, issues: [] });
    case 'refused':
      return JSON.stringify({ error: refusal.error.message, issues: [] });
  }
}

const READINGS_TOPIC = /^hearth\/devices\/([^/]+)\/readings$/;

export function readingsTopic(deviceId: string): string {
  return `hearth/devices/${deviceId}/readings`;
}

export function errorsTopic(deviceId: string): string {
  return `hearth/devices/${deviceId}/errors`;
}

/** The device id in `hearth/devices/{deviceId}/readings`, else undefined. */
export function deviceOfReadingsTopic(topic: string): string | undefined {
  return READINGS_TOPIC.exec(topic)?.[1];
}
