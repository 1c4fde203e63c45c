// POST /devices/{deviceId}/readings (issue #6 point 2): a device sends one reading or a batch with HTTP
// Basic authentication (its credentials). 202 {stored, duplicates} once the readings are durable; 400
// OperationOutcome naming each bad reading's path (nothing stored: the batch is all or nothing); 401 for
// missing, wrong or revoked credentials; 403 for another device's id or an unpaired device; 413 above
// MAX_PAYLOAD_BYTES. A thin adapter over readings-intake.ts, which MQTT shares.
import { forbidden } from '@hearth/fhir';
import type { FastifyPluginCallback } from 'fastify';
import { FHIR_JSON } from '../http/errors.ts';
import { assertOwnDevice, deviceBasicAuth, type DeviceAuthenticator } from './device-auth.ts';
import { readingIssuesOutcome } from './payloads.ts';
import { MAX_PAYLOAD_BYTES, takeReadings, UNPAIRED_MESSAGE, type ReadingsSink } from './readings-intake.ts';

export interface ReadingsRoutesOptions {
  devices: DeviceAuthenticator;
  sink: ReadingsSink;
}

export const readingsRoutes: FastifyPluginCallback<ReadingsRoutesOptions> = (app, opts, done) => {
  app.post<{ Params: { deviceId: string } }>(
    '/devices/:deviceId/readings',
    // Credentials first: an unauthenticated caller gets 401 before its body is read.
    { bodyLimit: MAX_PAYLOAD_BYTES, onRequest: deviceBasicAuth(opts.devices) },
    async (request, reply) => {
      const identity = request.device!;
      assertOwnDevice(identity, request.params.deviceId);
      const outcome = await takeReadings(opts.sink, identity, { body: request.body });
      if (outcome.ok) return reply.status(202).send(outcome.result);
      if (outcome.refusal === 'unpaired') throw forbidden(UNPAIRED_MESSAGE);
      if (outcome.refusal === 'refused') throw outcome.error;
      return reply
        .status(400)
        .type(FHIR_JSON)
        .send(JSON.stringify(readingIssuesOutcome(outcome.issues)));
    },
  );
  done();
};
