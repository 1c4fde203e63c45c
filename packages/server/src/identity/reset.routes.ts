// GET/POST /reset-password?token=… — the page behind a reset link from `hearth users reset-password`.
// The token travels in the URL only until the form is shown; the form posts it in its body. Pages carry
// `Referrer-Policy: no-referrer` (helmet) so the link never leaks to another site, and the GET route logs
// nothing at info level, so the token is not written to request logs.
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from './identity.routes.ts';
import { csrfToken, csrfValid, DEFAULT_RETURN_TO, formField, sendPage } from './forms.ts';
import { messagePage, newPasswordPage } from './pages.ts';
import { passwordProblems } from './passwords.ts';
import { resetPassword, resetTokenUser } from './reset-tokens.ts';
import { findUser } from './users.ts';

const FORM = {
  action: '/reset-password',
  title: 'Set a new password',
  intro: 'Choose a new password for your Hearth account.',
  returnTo: DEFAULT_RETURN_TO,
};
const SIGN_IN = { href: '/login', text: 'Go to sign in' };
// Unknown, used, expired or disabled: one answer (410 Gone), nothing to tell them apart.
const INVALID =
  'This password reset link is not valid any more: it was used already or it expired. Ask an administrator for a new one.';

export function resetRoutes(app: FastifyInstance, ctx: IdentityContext): void {
  app.get('/reset-password', { logLevel: 'warn' }, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const valid = typeof token === 'string' && (await resetTokenUser(ctx.db, token, ctx.now()));
    if (!valid) return sendPage(reply, 410, messagePage('Password reset', INVALID, SIGN_IN));
    const csrf = csrfToken(request, reply, ctx.secure);
    return sendPage(reply, 200, newPasswordPage({ ...FORM, csrf, token }));
  });

  app.post('/reset-password', { ...ctx.limited, logLevel: 'warn' }, async (request, reply) => {
    const token = formField(request.body, 'token') ?? '';
    const userId = token ? await resetTokenUser(ctx.db, token, ctx.now()) : undefined;
    if (!userId) return sendPage(reply, 410, messagePage('Password reset', INVALID, SIGN_IN));
    const csrf = csrfToken(request, reply, ctx.secure);
    const again = (status: number, errors: string[]) =>
      sendPage(reply, status, newPasswordPage({ ...FORM, csrf, token, errors }));
    if (!csrfValid(request, formField(request.body, 'csrf')))
      return again(403, ['This form expired. Please try again.']);
    const password = formField(request.body, 'password') ?? '';
    if (password !== formField(request.body, 'confirm')) return again(400, ['The two passwords differ.']);
    const user = await findUser(ctx.db, userId);
    const problems = passwordProblems(password, user?.username ?? '');
    if (problems.length > 0) return again(400, problems);
    const done = await resetPassword(ctx.db, { token, password, now: ctx.now() });
    if (!done) return sendPage(reply, 410, messagePage('Password reset', INVALID, SIGN_IN));
    return sendPage(
      reply,
      200,
      messagePage('Password changed', 'Your password is changed. Sign in with the new password.', SIGN_IN),
    );
  });
}
