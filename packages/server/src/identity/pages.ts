// Server-rendered sign-in pages: plain HTML forms that work without JavaScript, with a language, a main
// landmark, a label for every field, autocomplete tokens (WCAG 2.1 SC 1.3.5), and errors announced
// (role="alert") and tied to their fields with aria-describedby/aria-invalid (WCAG SC 3.3.1, 4.1.2).
// Every value is HTML-escaped.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body{font:1rem/1.5 system-ui,sans-serif;margin:0;background:#f5f5f4;color:#1c1917}
main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.5rem;margin-top:0}
label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.5rem;margin-top:.25rem;border:1px solid #57534e;border-radius:.25rem}
input[aria-invalid=true]{border:2px solid #b91c1c}
button{margin-top:1.5rem;font:inherit;padding:.5rem 1.25rem;border:0;border-radius:.25rem;background:#1d4ed8;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{color:#b91c1c;font-weight:600}
.hint{color:#44403c;font-size:.9rem}
code{word-break:break-all;font-size:1.05rem}
.qr svg{width:12rem;height:12rem}`;

export function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Hearth</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`;
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

function alert(id: string, messages: readonly string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1)
    return `<p id="${id}" class="error" role="alert">${escapeHtml(messages[0]!)}</p>`;
  const items = messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('');
  return `<div id="${id}" class="error" role="alert"><ul>${items}</ul></div>`;
}

/** `aria-invalid` and `aria-describedby` for a field whose error (if any) has this id. */
function invalidAttrs(errorId: string, invalid: boolean, hintId?: string): string {
  const described = [invalid ? errorId : undefined, hintId].filter(Boolean).join(' ');
  return `${invalid ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}`;
}

export interface FormState {
  action: string;
  csrf: string;
  returnTo: string;
  errors?: readonly string[];
}

function form(state: FormState, fields: string, submit: string): string {
  return `${alert('form-error', state.errors ?? [])}
<form method="post" action="${escapeHtml(state.action)}" novalidate>
${hidden({ csrf: state.csrf, return_to: state.returnTo })}
${fields}
<button type="submit">${escapeHtml(submit)}</button>
</form>`;
}

export function loginPage(state: FormState & { username?: string; notice?: string }): string {
  const bad = (state.errors ?? []).length > 0;
  const notice = state.notice ? `<p role="status">${escapeHtml(state.notice)}</p>` : '';
  const fields = `<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(state.username ?? '')}"${invalidAttrs('form-error', bad)}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalidAttrs('form-error', bad)}>`;
  return page('Sign in', `${notice}${form(state, fields, 'Sign in')}`);
}

const CODE_FIELD = (bad: boolean) => `<label for="code">6-digit code</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" required${invalidAttrs('form-error', bad, 'code-hint')}>
<p id="code-hint" class="hint">The code your authenticator app shows for Hearth.</p>`;

export function totpPage(state: FormState): string {
  const fields = CODE_FIELD((state.errors ?? []).length > 0);
  return page('Enter your verification code', form(state, fields, 'Verify'));
}

export function enrolPage(state: FormState & { secret: string; uri: string; qrSvg: string }): string {
  const intro = `<p>Your account needs a second factor. Add Hearth to an authenticator app, then enter the code it shows.</p>
<div class="qr" role="img" aria-label="QR code holding the set-up link below">${state.qrSvg}</div>
<p>Or enter this key by hand: <code id="totp-secret">${escapeHtml(state.secret)}</code></p>
<p class="hint">Set-up link: <code>${escapeHtml(state.uri)}</code></p>`;
  return page(
    'Set up two-step verification',
    `${intro}${form(state, CODE_FIELD((state.errors ?? []).length > 0), 'Confirm')}`,
  );
}

export function newPasswordPage(state: FormState & { title: string; intro: string; token?: string }): string {
  const bad = (state.errors ?? []).length > 0;
  const fields = `${state.token ? hidden({ token: state.token }) : ''}
<label for="new-password">New password</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required${invalidAttrs('form-error', bad, 'password-hint')}>
<p id="password-hint" class="hint">At least 12 characters; a few unrelated words make a good password.</p>
<label for="confirm-password">Repeat the new password</label>
<input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required${invalidAttrs('form-error', bad)}>`;
  return page(state.title, `<p>${escapeHtml(state.intro)}</p>${form(state, fields, 'Save password')}`);
}

export function signedInPage(state: {
  username: string;
  csrf: string;
  returnTo: string;
  mfaEnabled: boolean;
}): string {
  const go = state.returnTo === '/login' ? '' : `<p><a href="${escapeHtml(state.returnTo)}">Continue</a></p>`;
  // Optional for everyone but administrators (issue #3 point 1): offered until set up.
  const mfa = state.mfaEnabled
    ? '<p>Two-step verification is on.</p>'
    : `<h2>Two-step verification</h2>
<p>Protect your account with a code from an authenticator app as well as your password.</p>
<form method="post" action="/login/enrol/start">
${hidden({ csrf: state.csrf })}
<button type="submit">Set up two-step verification</button>
</form>`;
  return page(
    'Signed in',
    `<p>You are signed in as <strong>${escapeHtml(state.username)}</strong>.</p>${go}
<form method="post" action="/logout">
${hidden({ csrf: state.csrf })}
<button type="submit">Sign out</button>
</form>
${mfa}`,
  );
}

export function messagePage(title: string, message: string, link?: { href: string; text: string }): string {
  const a = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  return page(title, `<p>${escapeHtml(message)}</p>${a}`);
}
