// OAuth 2.0 endpoints: the client credentials grant (RFC 6749 §4.4, SMART Backend Services with a
// client secret) and the JWKS. Errors are RFC 6749 §5.2 JSON, not OperationOutcome: OAuth clients
// expect that shape. Secrets and tokens are never logged.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/engine.ts';
import type { TokenService } from './access-tokens.ts';
import { authenticateClient } from './clients.ts';
import { narrowScopes, splitScopes } from './scopes.ts';
import { publicJwks } from './signing-keys.ts';

export interface OAuthRoutesOptions {
  db: Queryable;
  tokens: TokenService;
}

type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'unauthorized_client';

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}

interface ClientCredentials {
  clientId: string;
  secret: string;
  basic: boolean;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function clientCredentials(req: FastifyRequest, body: Record<string, string | undefined>): ClientCredentials {
  const header = req.headers.authorization;
  const basic = header ? /^Basic\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (header && !basic)
    throw new OAuthError('invalid_client', 'Unsupported Authorization scheme; use Basic', true);
  if (basic && body.client_secret !== undefined) {
    // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
    throw new OAuthError('invalid_request', 'Use either HTTP Basic or client_secret in the body, not both');
  }
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'Malformed Basic credentials', true);
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
      basic: true,
    };
  }
  if (body.client_id && body.client_secret) {
    return { clientId: body.client_id, secret: body.client_secret, basic: false };
  }
  throw new OAuthError(
    'invalid_client',
    'Client authentication is required (client_secret_basic or client_secret_post)',
    true,
  );
}

function sendError(reply: FastifyReply, err: OAuthError): FastifyReply {
  const status = err.code === 'invalid_client' ? 401 : 400;
  if (status === 401 && err.basicChallenge)
    reply.header('www-authenticate', 'Basic realm="hearth", charset="UTF-8"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: err.code, error_description: err.description });
}

export async function oauthRoutes(app: FastifyInstance, opts: OAuthRoutesOptions): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  app.post('/oauth2/token', async (req, reply) => {
    try {
      const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<
        string,
        string | undefined
      >;
      const creds = clientCredentials(req, body);
      if (body.grant_type === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
      if (body.grant_type !== 'client_credentials') {
        throw new OAuthError(
          'unsupported_grant_type',
          'This endpoint supports grant_type=client_credentials',
        );
      }
      const client = await authenticateClient(opts.db, creds.clientId, creds.secret);
      if (!client)
        throw new OAuthError(
          'invalid_client',
          'Unknown client, wrong secret or disabled client',
          creds.basic,
        );
      const scopes = narrowScopes(splitScopes(body.scope), client.scopes);
      if (scopes.length === 0)
        throw new OAuthError('invalid_scope', 'None of the requested scopes is allowed for this client');
      const token = await opts.tokens.issue({ clientId: client.client_id, scopes });
      // RFC 6749 §5.1: token responses must not be cached.
      return await reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(token);
    } catch (err) {
      if (err instanceof OAuthError) return sendError(reply, err);
      throw err;
    }
  });

  app.get('/oauth2/jwks', async (_req, reply) => {
    return reply.header('cache-control', 'public, max-age=300').send(await publicJwks(opts.db));
  });
}
