// Who is calling the token, introspection and revocation endpoints (RFC 6749 §2.3): a confidential
// client by secret (client_secret_basic / client_secret_post) or by signed assertion (private_key_jwt,
// RFC 7523), or a public client naming itself with client_id (RFC 6749 §2.1, bound by PKCE instead).
import type { FastifyRequest } from 'fastify';
import { CLIENT_ASSERTION_TYPE, type AssertionVerifier } from './client-assertion.ts';
import { authenticateClient, findClient, type ClientRecord } from './clients.ts';
import { OAuthError } from './oauth-errors.ts';

export interface ClientAuthContext {
  db: Parameters<typeof authenticateClient>[0];
  verifyAssertion: AssertionVerifier;
  /** Accepted `aud` values for an assertion: the token endpoint URL and this endpoint's URL. */
  audiences: readonly string[];
  /** Whether a public client (client_id only) may call this endpoint. */
  allowPublic: boolean;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'Malformed Basic credentials', true);
  }
}

function basicCredentials(header: string): { id: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (!basic) throw new OAuthError('invalid_client', 'Unsupported Authorization scheme; use Basic', true);
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Malformed Basic credentials', true);
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export async function authenticateCaller(
  req: FastifyRequest,
  body: Record<string, string | undefined>,
  ctx: ClientAuthContext,
): Promise<ClientRecord> {
  const header = req.headers.authorization;
  const methods = [header, body.client_secret, body.client_assertion].filter((m) => m !== undefined);
  // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
  if (methods.length > 1)
    throw new OAuthError('invalid_request', 'Use exactly one client authentication method per request');

  if (body.client_assertion !== undefined || body.client_assertion_type !== undefined) {
    if (body.client_assertion_type !== CLIENT_ASSERTION_TYPE || !body.client_assertion)
      throw new OAuthError('invalid_client', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    const client = await ctx.verifyAssertion(body.client_assertion, ctx.audiences);
    if (body.client_id !== undefined && body.client_id !== client.client_id)
      throw new OAuthError('invalid_client', 'client_id does not match the assertion issuer');
    return client;
  }

  if (header !== undefined || body.client_secret !== undefined) {
    const basic = header !== undefined;
    const { id, secret } = basic
      ? basicCredentials(header)
      : { id: body.client_id ?? '', secret: body.client_secret ?? '' };
    if (basic && body.client_id !== undefined && body.client_id !== id)
      throw new OAuthError('invalid_client', 'client_id does not match the Basic credentials', true);
    const client = await authenticateClient(ctx.db, id, secret);
    if (!client) throw new OAuthError('invalid_client', 'Unknown client, wrong secret or disabled', basic);
    return client;
  }

  if (ctx.allowPublic && body.client_id) {
    const client = await findClient(ctx.db, body.client_id);
    if (client?.type === 'public') return client;
  }
  throw new OAuthError(
    'invalid_client',
    'Client authentication is required (client_secret_basic, client_secret_post or private_key_jwt)',
    true,
  );
}
