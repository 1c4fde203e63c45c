// GET/POST /login?return_to=<relative path>, then as needed /login/mfa, /login/password and
// /login/enrol, and POST /logout. Each step that succeeds replaces the session with a new id (OWASP
// Session Management Cheat Sheet §"Renew the Session ID After Any Privilege Level Change": no fixation);
// partial sessions live ten minutes and never count as signed in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityContext } from './identity.routes.ts';
import {
  csrfToken,
  csrfValid,
  DEFAULT_RETURN_TO,
  formField,
  safeReturnTo,
  seeOther,
  sendPage,
  withReturnTo,
} from './forms.ts';
import { enrolPage, loginPage, messagePage, newPasswordPage, signedInPage, totpPage } from './pages.ts';
import { passwordProblems } from './passwords.ts';
import {
  createSession,
  currentUser,
  deleteSession,
  findSession,
  sessionIdFrom,
  setSessionCookie,
  type Session,
  type SessionStage,
} from './session.ts';
import { changePassword, checkPassword, checkTotp, nextStage, type SignInFailure } from './sign-in.ts';
import { auditSignIn } from './sign-in-audit.ts';
import { endBrowserSession } from './sign-out.ts';
import { newTotpSecret, totpQrSvg, totpUri } from './totp.ts';
import { findUser, type UserRow } from './users.ts';

const PARTIAL_SESSION_SECONDS = 600;
const STAGE_PATH: Record<Exclude<SessionStage, 'full'>, string> = {
  mfa: '/login/mfa',
  password: '/login/password',
  enrol: '/login/enrol',
};
const EXPIRED_FORM = 'This form expired. Please try again.';
// One message for every failed sign-in: wrong password, unknown or disabled account, or throttled.
const SIGN_IN_FAILED =
  'The username or password is not right, or this account cannot sign in now. After several failed attempts, wait a few minutes before trying again.';
const CODE_FAILED =
  'That code is not right. Enter the code your authenticator app shows now. After several failed attempts, wait a few minutes before trying again.';

export function loginRoutes(app: FastifyInstance, ctx: IdentityContext): void {
  const signIn = { db: ctx.db, policy: ctx.login, secrets: ctx.secrets };

  /** Ends the browser's current session (if any) and starts one at `stage` under a new id. */
  async function replaceSession(
    request: FastifyRequest,
    reply: FastifyReply,
    next: { userId: string; stage: SessionStage },
  ): Promise<void> {
    const old = sessionIdFrom(request);
    const previous = old ? await findSession(ctx.db, old, ctx.now()) : undefined;
    if (previous) await deleteSession(ctx.db, previous.idHash);
    const ttlSeconds = next.stage === 'full' ? ctx.login.sessionHours * 3600 : PARTIAL_SESSION_SECONDS;
    const id = await createSession(ctx.db, {
      ...next,
      // The secret being enrolled is kept sealed in the session row too.
      ...(next.stage === 'enrol' ? { pendingTotpSecret: ctx.secrets.seal(newTotpSecret()) } : {}),
      now: ctx.now(),
      ttlSeconds,
      idleSeconds: ctx.login.sessionIdleMinutes * 60,
    });
    setSessionCookie(reply, id, { secure: ctx.secure, maxAgeSeconds: ttlSeconds });
  }

  /** Moves the browser on to the account's next stage and sends it there. */
  async function advance(
    request: FastifyRequest,
    reply: FastifyReply,
    row: UserRow,
    opts: { totpProven: boolean; returnTo: string },
  ): Promise<FastifyReply> {
    const stage = nextStage(row, opts.totpProven);
    await replaceSession(request, reply, { userId: row.id, stage });
    if (stage === 'full')
      await auditSignIn(ctx.db, request, { interaction: 'login', status: 303, now: ctx.now(), user: row });
    return seeOther(reply, stage === 'full' ? opts.returnTo : withReturnTo(STAGE_PATH[stage], opts.returnTo));
  }

  async function auditFailure(request: FastifyRequest, failed: { reason: SignInFailure; userId?: string }) {
    const { reason, userId } = failed;
    await auditSignIn(ctx.db, request, { interaction: 'login', status: 401, now: ctx.now(), userId, reason });
  }

  /** The browser's partial session at `stage`, or a redirect to start over. */
  async function partial(request: FastifyRequest, stage: SessionStage): Promise<Session | undefined> {
    const raw = sessionIdFrom(request);
    const session = raw ? await findSession(ctx.db, raw, ctx.now()) : undefined;
    return session?.stage === stage ? session : undefined;
  }

  function restart(reply: FastifyReply, returnTo: string): FastifyReply {
    return seeOther(reply, withReturnTo('/login', returnTo));
  }

  app.get('/login', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    const csrf = csrfToken(request, reply, ctx.secure);
    const user = await currentUser(ctx.db, request, ctx.now());
    if (user) {
      const { username, mfaEnabled } = user;
      return sendPage(reply, 200, signedInPage({ username, csrf, returnTo, mfaEnabled }));
    }
    return sendPage(reply, 200, loginPage({ action: '/login', csrf, returnTo }));
  });

  app.post('/login', ctx.limited, async (request, reply) => {
    const returnTo = safeReturnTo(formField(request.body, 'return_to'));
    const username = formField(request.body, 'username')?.trim() ?? '';
    const password = formField(request.body, 'password') ?? '';
    const csrf = csrfToken(request, reply, ctx.secure);
    const again = (status: number, error: string) =>
      sendPage(reply, status, loginPage({ action: '/login', csrf, returnTo, username, errors: [error] }));
    if (!csrfValid(request, formField(request.body, 'csrf'))) return again(403, EXPIRED_FORM);
    if (!username || !password) return again(400, 'Enter your username and your password.');
    const result = await checkPassword(signIn, { username, password, now: ctx.now() });
    if (!result.ok) {
      const { reason, userId } = result;
      await auditSignIn(ctx.db, request, {
        interaction: 'login',
        status: 401,
        now: ctx.now(),
        username,
        userId,
        reason,
      });
      return again(401, SIGN_IN_FAILED);
    }
    return advance(request, reply, result.row, { totpProven: false, returnTo });
  });

  app.get('/login/mfa', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    if (!(await partial(request, 'mfa'))) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    return sendPage(reply, 200, totpPage({ action: '/login/mfa', csrf, returnTo }));
  });

  app.post('/login/mfa', ctx.limited, async (request, reply) => {
    const returnTo = safeReturnTo(formField(request.body, 'return_to'));
    const session = await partial(request, 'mfa');
    if (!session) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    const again = (status: number, error: string) =>
      sendPage(reply, status, totpPage({ action: '/login/mfa', csrf, returnTo, errors: [error] }));
    if (!csrfValid(request, formField(request.body, 'csrf'))) return again(403, EXPIRED_FORM);
    const code = formField(request.body, 'code') ?? '';
    const result = await checkTotp(signIn, { userId: session.userId, code, now: ctx.now() });
    if (!result.ok) {
      await auditFailure(request, result);
      return again(401, CODE_FAILED);
    }
    return advance(request, reply, result.row, { totpProven: true, returnTo });
  });

  async function renderEnrol(
    reply: FastifyReply,
    state: { session: Session; csrf: string; returnTo: string; status: number; errors?: string[] },
  ): Promise<FastifyReply> {
    const user = await findUser(ctx.db, state.session.userId);
    const pending = state.session.pendingTotpSecret;
    const secret = pending ? ctx.secrets.open(pending) : '';
    const uri = totpUri(secret, user?.username ?? '');
    const qrSvg = await totpQrSvg(uri);
    const { csrf, returnTo, errors } = state;
    const html = enrolPage({ action: '/login/enrol', csrf, returnTo, secret, uri, qrSvg, errors });
    return sendPage(reply, state.status, html);
  }

  // A signed-in user without TOTP opts in: the session steps down to enrolment until a code confirms it.
  app.post('/login/enrol/start', ctx.limited, async (request, reply) => {
    const user = await currentUser(ctx.db, request, ctx.now());
    if (!user || !csrfValid(request, formField(request.body, 'csrf')))
      return restart(reply, DEFAULT_RETURN_TO);
    if (user.mfaEnabled) return seeOther(reply, '/login');
    await replaceSession(request, reply, { userId: user.id, stage: 'enrol' });
    return seeOther(reply, '/login/enrol');
  });

  app.get('/login/enrol', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    const session = await partial(request, 'enrol');
    if (!session?.pendingTotpSecret) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    return renderEnrol(reply, { session, csrf, returnTo, status: 200 });
  });

  app.post('/login/enrol', ctx.limited, async (request, reply) => {
    const returnTo = safeReturnTo(formField(request.body, 'return_to'));
    const session = await partial(request, 'enrol');
    if (!session?.pendingTotpSecret) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    if (!csrfValid(request, formField(request.body, 'csrf')))
      return renderEnrol(reply, { session, csrf, returnTo, status: 403, errors: [EXPIRED_FORM] });
    const code = formField(request.body, 'code') ?? '';
    const pendingSecret = ctx.secrets.open(session.pendingTotpSecret);
    const result = await checkTotp(signIn, { userId: session.userId, code, now: ctx.now(), pendingSecret });
    if (!result.ok) {
      await auditFailure(request, result);
      return renderEnrol(reply, { session, csrf, returnTo, status: 401, errors: [CODE_FAILED] });
    }
    return advance(request, reply, result.row, { totpProven: true, returnTo });
  });

  const CHOOSE = {
    action: '/login/password',
    title: 'Choose your password',
    intro: 'You signed in with a one-time password. Choose your own password to continue.',
  };

  app.get('/login/password', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    if (!(await partial(request, 'password'))) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    return sendPage(reply, 200, newPasswordPage({ ...CHOOSE, csrf, returnTo }));
  });

  app.post('/login/password', ctx.limited, async (request, reply) => {
    const returnTo = safeReturnTo(formField(request.body, 'return_to'));
    const session = await partial(request, 'password');
    if (!session) return restart(reply, returnTo);
    const csrf = csrfToken(request, reply, ctx.secure);
    const again = (status: number, errors: string[]) =>
      sendPage(reply, status, newPasswordPage({ ...CHOOSE, csrf, returnTo, errors }));
    if (!csrfValid(request, formField(request.body, 'csrf'))) return again(403, [EXPIRED_FORM]);
    const password = formField(request.body, 'password') ?? '';
    if (password !== formField(request.body, 'confirm')) return again(400, ['The two passwords differ.']);
    const user = await findUser(ctx.db, session.userId);
    const problems = passwordProblems(password, user?.username ?? '');
    if (problems.length > 0) return again(400, problems);
    const row = await changePassword(ctx.db, { userId: session.userId, password, now: ctx.now() });
    if (!row) return restart(reply, returnTo);
    return advance(request, reply, row, { totpProven: true, returnTo });
  });

  app.post('/logout', async (request, reply) => {
    if (!csrfValid(request, formField(request.body, 'csrf')))
      return sendPage(reply, 403, messagePage('Sign out', EXPIRED_FORM, { href: '/login', text: 'Back' }));
    await endBrowserSession(ctx.db, request, reply, { secure: ctx.secure, now: ctx.now(), status: 303 });
    return seeOther(reply, '/login');
  });
}
