// POST /oauth2/token (RFC 6749 §3.2): client_credentials (§4.4, SMART Backend Services),
// authorization_code with PKCE (§4.1.3, RFC 7636 §4.6) and refresh_token (§6) with rotation.
// Responses are never cached (§5.1); tokens and secrets are never logged.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attachGrantToCode, redeemCode } from './authorization-codes.ts';
import { authenticateCaller, type ClientAuthContext } from './client-auth.ts';
import type { ClientRecord } from './clients.ts';
import type { OAuthContext } from './oauth-context.ts';
import { formParams, OAuthError, sendOAuthError } from './oauth-errors.ts';
import { spendRefreshToken } from './refresh-tokens.ts';
import { narrowScopes, splitScopes } from './scopes.ts';
import { issueUserTokens, revokeGrant } from './user-tokens.ts';

type Params = Record<string, string | undefined>;

function required(body: Params, name: string): string {
  const v = body[name];
  if (!v) throw new OAuthError('invalid_request', `${name} is required`);
  return v;
}

export function tokenRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const tokenUrl = `${ctx.baseUrl}/oauth2/token`;
  const clientAuth = (allowPublic: boolean): ClientAuthContext => ({
    db: ctx.db,
    verifyAssertion: ctx.verifyAssertion,
    audiences: [tokenUrl],
    allowPublic,
  });

  async function clientCredentials(client: ClientRecord, body: Params) {
    if (client.type !== 'confidential')
      throw new OAuthError('unauthorized_client', 'client_credentials is for confidential clients');
    // Backend services act for themselves: only system/ scopes (SMART backend-services.html#scopes).
    const allowed = client.scopes.filter((s) => s.startsWith('system/'));
    const scopes = narrowScopes(splitScopes(body.scope), allowed);
    if (scopes.length === 0)
      throw new OAuthError('invalid_scope', 'None of the requested scopes is allowed for this client');
    return ctx.tokens.issue({ clientId: client.client_id, scopes });
  }

  async function authorizationCode(client: ClientRecord, body: Params) {
    const now = ctx.now();
    const { grant, codeHash } = await redeemCode(ctx.db, {
      code: required(body, 'code'),
      clientId: client.client_id,
      redirectUri: body.redirect_uri,
      codeVerifier: body.code_verifier,
      now,
      onReplay: (familyId) => revokeGrant(ctx, familyId, now),
    });
    const familyId = randomUUID();
    await attachGrantToCode(ctx.db, codeHash, familyId);
    return issueUserTokens(ctx, { familyId, grant }, now);
  }

  async function refreshToken(client: ClientRecord, body: Params) {
    const now = ctx.now();
    const family = await spendRefreshToken(ctx.db, {
      token: required(body, 'refresh_token'),
      clientId: client.client_id,
      now,
      onReuse: (familyId) => revokeGrant(ctx, familyId, now),
    });
    // The account may have been disabled since the user approved the app.
    const user = await ctx.identity.findUser(family.grant.user.id);
    if (!user || user.disabled) {
      await revokeGrant(ctx, family.familyId, now);
      throw new OAuthError('invalid_grant', 'The user who approved this app can no longer sign in');
    }
    // A caregiver whose proxy for the patient in context was withdrawn loses the app's access to them.
    const patient = family.grant.patient;
    if (user.role === 'caregiver' && patient && !user.proxyPatients.includes(patient)) {
      await revokeGrant(ctx, family.familyId, now);
      throw new OAuthError('invalid_grant', 'The user no longer acts for the patient in context');
    }
    // RFC 6749 §6: a narrower scope may be requested, never a wider one.
    const requested = splitScopes(body.scope);
    const scopes = requested.length > 0 ? narrowScopes(requested, family.grant.scopes) : family.grant.scopes;
    if (scopes.length === 0) throw new OAuthError('invalid_scope', 'The requested scope exceeds the grant');
    const grant = { ...family.grant, scopes, proxyPatients: [...user.proxyPatients] };
    return issueUserTokens(ctx, { ...family, grant }, now);
  }

  async function respond(req: FastifyRequest) {
    const body = formParams(req.body);
    const grantType = body.grant_type;
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
    const allowPublic = grantType !== 'client_credentials';
    switch (grantType) {
      case 'client_credentials':
        return clientCredentials(await authenticateCaller(req, body, clientAuth(allowPublic)), body);
      case 'authorization_code':
        return authorizationCode(await authenticateCaller(req, body, clientAuth(allowPublic)), body);
      case 'refresh_token':
        return refreshToken(await authenticateCaller(req, body, clientAuth(allowPublic)), body);
      default:
        throw new OAuthError(
          'unsupported_grant_type',
          'Supported grant types: authorization_code, refresh_token, client_credentials',
        );
    }
  }

  app.post('/oauth2/token', { config: { rateLimit: ctx.rateLimit } }, async (req, reply) => {
    try {
      const body = await respond(req);
      // RFC 6749 §5.1: token responses must not be cached.
      return await reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
