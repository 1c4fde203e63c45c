// The consent screen (SMART App Launch 2.0: the user approves, and may narrow, what the app gets).
// GET /oauth2/consent shows it (with the patient picker for `launch/patient`); POST takes the decision
// and sends the browser back to the app with a code (RFC 6749 §4.1.2) or `error=access_denied`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueCode } from './authorization-codes.ts';
import { redirectBack, type AuthorizeRequest } from './authorize-request.ts';
import { loginRedirect, sendPage } from './authorize.routes.ts';
import { renderConsentPage, renderErrorPage, type PatientChoice } from './consent-page.ts';
import { consumeLaunch, peekLaunch, type LaunchContext } from './ehr-launch.ts';
import type { Grant } from './grants.ts';
import type { AuthUser } from './identity-port.ts';
import type { OAuthContext } from './oauth-context.ts';
import { allowedPatient, patientChoice, patientLabel } from './patient-picker.ts';
import { loadPendingRequest, takePendingRequest } from './pending-requests.ts';
import { describeScope } from './scope-descriptions.ts';

interface ConsentForm {
  request?: string;
  decision?: string;
  scope?: string | string[];
  patient?: string;
  patient_query?: string;
}

const EXPIRED = renderErrorPage(
  'This request has expired',
  'The approval page is no longer valid. Go back to the app and start again.',
);

/** SMART: patient/ scopes and `launch/patient` need one patient in context. */
function needsPatient(scopes: readonly string[]): boolean {
  return scopes.some((s) => s === 'launch/patient' || s.startsWith('patient/'));
}

/** Launch scopes that end up without the context they ask for are not granted. */
function fitScopes(
  scopes: string[],
  launch: LaunchContext | undefined,
  patient: string | undefined,
): string[] {
  return scopes.filter((s) => {
    if (s === 'launch') return launch !== undefined;
    if (s === 'launch/encounter') return launch?.encounter !== undefined;
    if (s === 'launch/patient' || s.startsWith('patient/')) return patient !== undefined;
    return true;
  });
}

/** `https://app.example` for web redirect URIs, `com.example.app:` for private-use schemes (RFC 8252). */
function redirectSource(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
}

export function consentCsp(redirectUri: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action 'self' ${redirectSource(redirectUri)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function consentRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  async function choiceFor(user: AuthUser, request: AuthorizeRequest, query?: string) {
    if (request.launch) {
      const launch = await peekLaunch(ctx.db, request.launch, user.id, ctx.now());
      if (!launch?.patient) return undefined;
      const label = (await patientLabel(ctx, user, launch.patient)) ?? `Patient ${launch.patient}`;
      return { kind: 'fixed', label } satisfies PatientChoice;
    }
    return needsPatient(request.scopes) ? patientChoice(ctx, user, query) : undefined;
  }

  async function page(
    reply: FastifyReply,
    o: { user: AuthUser; id: string; request: AuthorizeRequest; query?: string; error?: string },
  ) {
    const patient = await choiceFor(o.user, o.request, o.query);
    const html = renderConsentPage({
      requestId: o.id,
      clientName: o.request.clientName,
      username: o.user.username,
      scopes: o.request.scopes.map((value) => ({ value, label: describeScope(value) })),
      ...(patient ? { patient } : {}),
      ...(o.error ? { error: o.error } : {}),
    });
    // CSP form-action also governs where the form's response may redirect (CSP Level 3 §6.4.1): allow
    // the app's registered redirect target, nothing else; the page needs no script.
    return sendPage(
      reply.header('content-security-policy', consentCsp(o.request.redirectUri)),
      o.error ? 422 : 200,
      html,
    );
  }

  app.get('/oauth2/consent', { config: { rateLimit: ctx.rateLimit } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const id = typeof q.request === 'string' ? q.request : '';
    const user = await ctx.identity.currentUser(req);
    if (!user || user.disabled) return reply.redirect(loginRedirect(ctx, req.url));
    const request = await loadPendingRequest(ctx.db, id, user.id, ctx.now());
    if (!request) return sendPage(reply, 400, EXPIRED);
    const query = typeof q.patient_query === 'string' ? q.patient_query : undefined;
    return page(reply, { user, id, request, ...(query ? { query } : {}) });
  });

  async function decide(req: FastifyRequest, reply: FastifyReply) {
    const form = (req.body ?? {}) as ConsentForm;
    const id = typeof form.request === 'string' ? form.request : '';
    const user = await ctx.identity.currentUser(req);
    if (!user || user.disabled) return sendPage(reply, 401, EXPIRED);
    const now = ctx.now();
    const request = await loadPendingRequest(ctx.db, id, user.id, now);
    if (!request) return sendPage(reply, 400, EXPIRED);
    const back = (params: Record<string, string>) =>
      reply.redirect(
        redirectBack(request.redirectUri, { ...params, state: request.state, iss: ctx.baseUrl }),
        303,
      );
    const denied = { error: 'access_denied', error_description: 'The user did not allow access' };
    if (form.decision !== 'approve') {
      await takePendingRequest(ctx.db, id, user.id);
      return back(denied);
    }
    // Narrowing: only scopes the user left ticked, and only among those asked for.
    const ticked = new Set([form.scope ?? []].flat().filter((s): s is string => typeof s === 'string'));
    let scopes = request.scopes.filter((s) => ticked.has(s));

    let launch: LaunchContext | undefined;
    let patient: string | undefined;
    if (request.launch) {
      launch = await peekLaunch(ctx.db, request.launch, user.id, now);
      if (!launch) {
        await takePendingRequest(ctx.db, id, user.id);
        return back({ error: 'invalid_request', error_description: 'launch is unknown, expired or used' });
      }
      patient = launch.patient;
    } else if (needsPatient(scopes)) {
      patient = await allowedPatient(ctx, user, form.patient);
      if (!patient) {
        const query = typeof form.patient_query === 'string' ? form.patient_query : undefined;
        return page(reply, {
          user,
          id,
          request,
          error: 'Choose a patient from the list.',
          ...(query ? { query } : {}),
        });
      }
    }
    scopes = fitScopes(scopes, launch, patient);
    if (scopes.length === 0) {
      await takePendingRequest(ctx.db, id, user.id);
      return back(denied);
    }
    // Taken exactly once: a double-submitted form cannot mint two codes.
    if (!(await takePendingRequest(ctx.db, id, user.id))) return sendPage(reply, 400, EXPIRED);
    if (request.launch && !(await consumeLaunch(ctx.db, request.launch, user.id, now)))
      return back({ error: 'invalid_request', error_description: 'launch is unknown, expired or used' });

    const grant: Grant = {
      clientId: request.clientId,
      scopes,
      user: { id: user.id, role: user.role, ...(user.fhirUser ? { fhirUser: user.fhirUser } : {}) },
      ...(patient ? { patient } : {}),
      ...(launch?.encounter ? { encounter: launch.encounter } : {}),
      ...(user.proxyPatients.length > 0 ? { proxyPatients: [...user.proxyPatients] } : {}),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    };
    const code = await issueCode(ctx.db, {
      grant,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      now,
    });
    return back({ code });
  }

  app.post('/oauth2/consent', { config: { rateLimit: ctx.rateLimit } }, decide);
}
