// HTTP Basic authentication of a device with its own credentials (RFC 7617), for the device-facing
// routes: pairing here, readings ingestion (readings.routes.ts). A missing or wrong credential is a 401
// whose WWW-Authenticate names the Basic scheme (RFC 7235 §4.1); credentials of another device than the
// one in the path are a 403.
import { forbidden, unauthorized } from '@hearth/fhir';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceRegistry } from './registry.ts';
import type { DeviceIdentity } from './types.ts';

export const DEVICE_WWW_AUTHENTICATE = 'Basic realm="hearth-devices", charset="UTF-8"';

const BASIC = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i;

/** The user name and password of an `Authorization: Basic` header, or undefined when it is not one. */
export function parseBasicAuth(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const encoded = BASIC.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The device a device-authenticated request comes from (set by deviceBasicAuth). */
    device?: DeviceIdentity;
  }
}

/** What device authentication needs of the registry. */
export type DeviceAuthenticator = Pick<DeviceRegistry, 'authenticate'>;

/**
 * Authenticates the device of a request — usable as an `onRequest` hook, it also sets `request.device` —
 * or throws a 401 OperationOutcome (with its WWW-Authenticate).
 */
export function deviceBasicAuth(
  registry: DeviceAuthenticator,
): (request: FastifyRequest, reply: FastifyReply) => Promise<DeviceIdentity> {
  return async (request, reply) => {
    const refuse = (message: string) => {
      void reply.header('www-authenticate', DEVICE_WWW_AUTHENTICATE);
      return unauthorized(message);
    };
    const credentials = parseBasicAuth(request.headers.authorization);
    if (!credentials) {
      throw refuse('A device signs in with HTTP Basic authentication: its device id and password.');
    }
    const identity = await registry.authenticate(credentials.username, credentials.password);
    if (!identity) throw refuse('These device credentials are not valid (unknown, wrong or revoked).');
    request.device = identity;
    return identity;
  };
}

/** A device acts only on its own path (`/devices/{id}/…`). */
export function assertOwnDevice(identity: DeviceIdentity, deviceId: string): void {
  if (identity.deviceId !== deviceId) {
    throw forbidden('These credentials belong to another device than the one in the path.');
  }
}
