// Server-rendered pages of RP-initiated logout: the confirmation asked when the request does not prove
// it comes for the signed-in user, and the "signed out" page when no app asked to be returned to.
// Pure: view model in, HTML out (escaped).
import { escapeHtml, renderPage } from './consent-page.ts';

export interface LogoutConfirmView {
  username: string;
  /** The request's parameters, carried through the form. */
  params: Record<string, string>;
  csrf: string;
}

export function renderLogoutConfirmPage(view: LogoutConfirmView): string {
  const hidden = Object.entries({ ...view.params, csrf: view.csrf })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  return renderPage(
    'Sign out',
    `<h1>Sign out of Hearth?</h1>
<p>An app asked to sign you out. You are signed in as <strong>${escapeHtml(view.username)}</strong>.</p>
<form method="post" action="/oauth2/logout">
${hidden}
<button type="submit">Sign out</button>
</form>`,
  );
}

export function renderSignedOutPage(): string {
  return renderPage(
    'Signed out',
    `<h1>You are signed out</h1>
<p role="status">You have signed out of Hearth. You may close this window.</p>
<p><a href="/">Sign in again</a></p>`,
  );
}
