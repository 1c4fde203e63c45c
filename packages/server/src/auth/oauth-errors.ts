// OAuth 2.0 error responses. Token, introspection and revocation endpoints answer RFC 6749 §5.2 JSON,
// not OperationOutcome: OAuth clients expect that shape.
import type { FastifyReply } from 'fastify';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_token_type';

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** 401 with a Basic challenge: the client tried HTTP Basic (RFC 6749 §5.2). */
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}

export function sendOAuthError(reply: FastifyReply, err: OAuthError): FastifyReply {
  const status = err.code === 'invalid_client' ? 401 : 400;
  if (status === 401 && err.basicChallenge)
    void reply.header('www-authenticate', 'Basic realm="hearth", charset="UTF-8"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error: err.code, error_description: err.description });
}

/** The form body as a flat string map; repeated parameters are refused (RFC 6749 §3.1, §3.2). */
export function formParams(body: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(v)) throw new OAuthError('invalid_request', `Parameter ${k} must not be repeated`);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
