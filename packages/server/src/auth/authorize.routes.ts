// GET/POST /oauth2/authorize (RFC 6749 §4.1.1; SMART `authorize-post`): validates the request, sends
// the user to sign in (identity's /login?return_to=…), then to the consent screen. Problems with the
// client or redirect URI get an HTML page, everything else goes back to the app (RFC 6749 §4.1.2.1).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueCode } from './authorization-codes.ts';
import { checkAuthorizeRequest, redirectBack } from './authorize-request.ts';
import { renderErrorPage } from './consent-page.ts';
import { peekLaunch } from './ehr-launch.ts';
import { firstPartyGrant } from './first-party.ts';
import type { OAuthContext } from './oauth-context.ts';
import { savePendingRequest } from './pending-requests.ts';

type Params = Record<string, string | undefined>;

/** Flat string parameters; a repeated parameter is a malformed request (RFC 6749 §3.1). */
export function singleParams(source: unknown): Params | undefined {
  const out: Params = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    if (Array.isArray(v)) return undefined;
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Where the login page sends the user back: a relative path only (no open redirect). */
export function loginRedirect(ctx: OAuthContext, returnTo: string): string {
  return `${ctx.identity.loginPath}?return_to=${encodeURIComponent(returnTo)}`;
}

export function authorizeRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const fhirBase = `${ctx.baseUrl}/fhir`;

  async function authorize(req: FastifyRequest, reply: FastifyReply, source: unknown) {
    const params = singleParams(source);
    if (!params) return sendPage(reply, 400, renderErrorPage('Invalid request', 'A parameter was repeated.'));
    const check = await checkAuthorizeRequest(ctx.db, params, fhirBase);
    if (check.kind === 'page')
      return sendPage(reply, 400, renderErrorPage('This app cannot sign you in', check.message));
    const back = (redirectUri: string, error: string, description: string, state?: string) =>
      reply
        .header('cache-control', 'no-store')
        .redirect(
          redirectBack(redirectUri, { error, error_description: description, state, iss: ctx.baseUrl }),
        );
    if (check.kind === 'redirect')
      return back(check.redirectUri, check.error, check.description, check.state);

    const { request } = check;
    const user = await ctx.identity.currentUser(req);
    if (!user || user.disabled) {
      // OIDC Core §3.1.2.1: prompt=none must not show a login page.
      if (check.promptNone)
        return back(request.redirectUri, 'login_required', 'The user is not signed in', request.state);
      const query = new URLSearchParams(params as Record<string, string>).toString();
      return reply
        .header('cache-control', 'no-store')
        .redirect(loginRedirect(ctx, `/oauth2/authorize?${query}`));
    }
    const now = ctx.now();
    // Hearth's own web app: no consent screen, a grant fitted to the account (first-party.ts).
    const own = firstPartyGrant(user, request);
    if (own) {
      const code = await issueCode(ctx.db, {
        grant: own,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        now,
      });
      return reply
        .header('cache-control', 'no-store')
        .redirect(redirectBack(request.redirectUri, { code, state: request.state, iss: ctx.baseUrl }));
    }
    if (check.promptNone)
      return back(request.redirectUri, 'consent_required', 'The user must approve this app', request.state);
    if (request.launch && !(await peekLaunch(ctx.db, request.launch, user.id, now)))
      return back(
        request.redirectUri,
        'invalid_request',
        'launch is unknown, expired or used',
        request.state,
      );
    const id = await savePendingRequest(ctx.db, user.id, request, now);
    return reply.header('cache-control', 'no-store').redirect(`/oauth2/consent?request=${id}`, 303);
  }

  const limited = { config: { rateLimit: ctx.rateLimit } };
  app.get('/oauth2/authorize', limited, (req, reply) => authorize(req, reply, req.query));
  app.post('/oauth2/authorize', limited, (req, reply) => authorize(req, reply, req.body));
}
