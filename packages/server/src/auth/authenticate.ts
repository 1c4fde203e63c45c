// Bearer token authentication for the FHIR API (RFC 6750 §2.1). The HTTP layer calls this for every
// /fhir route except the capability statement and SMART discovery, and adds WWW-Authenticate on 401.
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '@hearth/fhir';
import type { AccessContext } from '../db/repository.types.ts';
import type { TokenService } from './access-tokens.ts';

export type Authenticate = (req: FastifyRequest) => Promise<AccessContext>;

const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i;

export function createAuthenticator(tokens: TokenService): Authenticate {
  return async (req) => {
    const header = req.headers.authorization;
    if (!header)
      throw unauthorized(
        'This request needs an access token: Authorization: Bearer <token> (see /oauth2/token)',
      );
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('The Authorization header must be "Bearer <token>"');
    const ctx = await tokens.verify(token);
    return { ...ctx, sourceIp: req.ip };
  };
}
