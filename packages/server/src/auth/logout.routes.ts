// GET|POST /oauth2/logout: OpenID Connect RP-Initiated Logout 1.0. An app sends the browser here with
// `id_token_hint` (an id_token we issued; expired is fine, forged is not), `client_id`,
// `post_logout_redirect_uri` (exactly one registered for that client, §3) and `state` (echoed, §2).
// The login session ends at once only when the hint names the signed-in user; otherwise the user
// confirms on a CSRF-protected page (§2: the OP "SHOULD ask the End-User whether to log out" when the
// request may not come from the user's own app). Ending it also revokes that client's grants for the user.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consentCsp } from './consent.routes.ts';
import { renderErrorPage } from './consent-page.ts';
import { singleParams, sendPage } from './authorize.routes.ts';
import { FIRST_PARTY_CLIENT_ID, firstPartyPostLogoutUris } from './first-party.ts';
import { verifyIdTokenHint, type IdTokenHint } from './id-token-hint.ts';
import { renderLogoutConfirmPage, renderSignedOutPage } from './logout-page.ts';
import type { OAuthContext } from './oauth-context.ts';
import { refreshFamiliesOf } from './refresh-tokens.ts';
import { revokeGrant } from './user-tokens.ts';

type Params = Record<string, string | undefined>;

interface LogoutRequest {
  hint?: IdTokenHint;
  clientId?: string;
  redirectUri?: string;
  state?: string;
}

/** The request checked, or the reason it is refused (shown on a page: never redirected, §3). */
async function checkLogout(ctx: OAuthContext, p: Params): Promise<LogoutRequest | string> {
  const hint = p.id_token_hint ? await verifyIdTokenHint(ctx.db, ctx.baseUrl, p.id_token_hint) : undefined;
  if (p.id_token_hint && !hint) return 'The id_token_hint is not a valid ID token from this server.';
  let clientId = p.client_id;
  if (hint && clientId && !hint.aud.includes(clientId))
    return 'The client_id is not the client the id_token_hint was issued to.';
  if (hint && !clientId && hint.aud.length === 1) clientId = hint.aud[0];
  const redirectUri = p.post_logout_redirect_uri;
  if (redirectUri) {
    if (!clientId) return 'post_logout_redirect_uri needs a client_id or an id_token_hint.';
    if (!postLogoutUris(ctx, clientId).includes(redirectUri))
      return 'The post_logout_redirect_uri is not registered for this app.';
  }
  return {
    ...(hint ? { hint } : {}),
    ...(clientId ? { clientId } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    ...(p.state ? { state: p.state } : {}),
  };
}

/** Registered post-logout redirect URIs: so far only the built-in web app has any. */
function postLogoutUris(ctx: OAuthContext, clientId: string): string[] {
  if (clientId !== FIRST_PARTY_CLIENT_ID) return [];
  return firstPartyPostLogoutUris({ baseUrl: ctx.baseUrl, devOrigin: ctx.webDevOrigin });
}

export function logoutRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  function finish(reply: FastifyReply, request: LogoutRequest): FastifyReply {
    void reply.header('cache-control', 'no-store');
    if (!request.redirectUri) return sendPage(reply, 200, renderSignedOutPage());
    const url = new URL(request.redirectUri);
    if (request.state) url.searchParams.set('state', request.state);
    return reply.redirect(url.toString(), 303);
  }

  async function logout(req: FastifyRequest, reply: FastifyReply, source: unknown, confirmed: boolean) {
    const params = singleParams(source);
    if (!params) return sendPage(reply, 400, renderErrorPage('Invalid request', 'A parameter was repeated.'));
    const request = await checkLogout(ctx, params);
    if (typeof request === 'string') return sendPage(reply, 400, renderErrorPage('Cannot sign out', request));
    const user = await ctx.identity.currentUser(req);
    if (!user) return finish(reply, request);
    const proven = request.hint?.sub === user.id;
    if (!proven && !(confirmed && ctx.identity.formTokenValid(req, params.csrf))) {
      const carried = Object.fromEntries(
        ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'].flatMap((k) =>
          params[k] ? [[k, params[k]]] : [],
        ),
      );
      const csrf = ctx.identity.formToken(req, reply);
      if (request.redirectUri) void reply.header('content-security-policy', consentCsp(request.redirectUri));
      const html = renderLogoutConfirmPage({ username: user.username, params: carried, csrf });
      return sendPage(reply, 200, html);
    }
    const userId = await ctx.identity.endSession(req, reply);
    if (userId && request.clientId) {
      const deps = { db: ctx.db, tokens: ctx.tokens, accessTokenSeconds: ctx.accessTokenSeconds };
      for (const family of await refreshFamiliesOf(ctx.db, request.clientId, userId))
        await revokeGrant(deps, family, ctx.now());
    }
    return finish(reply, request);
  }

  const limited = { config: { rateLimit: ctx.rateLimit } };
  app.get('/oauth2/logout', limited, (req, reply) => logout(req, reply, req.query, false));
  app.post('/oauth2/logout', limited, (req, reply) => logout(req, reply, req.body, true));
}
