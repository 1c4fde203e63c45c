// Token introspection (RFC 7662) and revocation (RFC 7009). Introspection is for authenticated
// confidential clients (resource servers, backend apps); revocation also accepts public clients, and
// only ever revokes tokens issued to the caller. Unknown, expired and revoked tokens are simply
// `{"active": false}` / 200 so that neither endpoint reveals which tokens exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateCaller } from './client-auth.ts';
import { fhirUserUrl } from './access-tokens.ts';
import type { OAuthContext } from './oauth-context.ts';
import { formParams, OAuthError, sendOAuthError } from './oauth-errors.ts';
import { findRefreshToken } from './refresh-tokens.ts';
import { revokeGrant } from './user-tokens.ts';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function introspectRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const audiences = (endpoint: string) => [
    `${ctx.baseUrl}/oauth2/token`,
    `${ctx.baseUrl}/oauth2/${endpoint}`,
  ];

  async function caller(req: FastifyRequest, endpoint: string, allowPublic: boolean) {
    const body = formParams(req.body);
    const client = await authenticateCaller(req, body, {
      db: ctx.db,
      verifyAssertion: ctx.verifyAssertion,
      audiences: audiences(endpoint),
      allowPublic,
    });
    if (!body.token) throw new OAuthError('invalid_request', 'token is required');
    return { client, token: body.token };
  }

  async function introspect(token: string): Promise<Record<string, unknown>> {
    if (JWT_SHAPE.test(token)) {
      const c = await ctx.tokens.inspect(token);
      if (!c) return { active: false };
      return {
        active: true,
        token_type: 'Bearer',
        scope: c.scope,
        client_id: c.client_id,
        sub: c.sub,
        iss: c.iss,
        aud: c.aud,
        exp: c.exp,
        iat: c.iat,
        ...(c.fhirUser ? { fhirUser: fhirUserUrl(ctx.baseUrl, c.fhirUser) } : {}),
        ...(c.patient ? { patient: c.patient } : {}),
        ...(c.encounter ? { encounter: c.encounter } : {}),
      };
    }
    const r = await findRefreshToken(ctx.db, token, ctx.now());
    if (!r) return { active: false };
    return {
      active: true,
      token_type: 'refresh_token',
      scope: r.grant.scopes.join(' '),
      client_id: r.grant.clientId,
      sub: r.grant.user.id,
      iss: ctx.baseUrl,
      exp: Math.floor(r.expires.getTime() / 1000),
      ...(r.grant.patient ? { patient: r.grant.patient } : {}),
    };
  }

  app.post('/oauth2/introspect', { config: { rateLimit: ctx.rateLimit } }, async (req, reply) => {
    try {
      const { client, token } = await caller(req, 'introspect', false);
      if (client.type !== 'confidential')
        throw new OAuthError('unauthorized_client', 'Introspection is for confidential clients');
      return await reply.header('cache-control', 'no-store').send(await introspect(token));
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });

  app.post('/oauth2/revoke', { config: { rateLimit: ctx.rateLimit } }, async (req, reply) => {
    try {
      const { client, token } = await caller(req, 'revoke', true);
      const now = ctx.now();
      if (JWT_SHAPE.test(token)) {
        const c = await ctx.tokens.inspect(token);
        if (c?.client_id === client.client_id) {
          // RFC 7009 §2.1 lets the server revoke the whole grant of an access token; we do.
          if (c.sid) await revokeGrant(ctx, c.sid, now);
          await ctx.tokens.revoke(c.jti!, new Date(c.exp! * 1000));
        }
      } else {
        const r = await findRefreshToken(ctx.db, token, now);
        if (r?.grant.clientId === client.client_id) await revokeGrant(ctx, r.familyId, now);
      }
      return await reply.code(200).header('cache-control', 'no-store').send();
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
