// Server-rendered consent and error pages (no JavaScript needed): a language, landmarks, a heading, a
// label for every control, errors tied to their field with aria-describedby and announced with
// role="alert" (WCAG 2.2: 1.3.1, 3.3.1, 3.3.2, 4.1.2). Pure: view model in, HTML out.

export interface PatientOption {
  id: string;
  label: string;
}

export type PatientChoice =
  /** The patient is already known (the user's own record, or the EHR launch context). */
  | { kind: 'fixed'; label: string }
  /** The user picks one; `searchable` adds a name search (practitioners). */
  | { kind: 'pick'; options: PatientOption[]; searchable: boolean; query?: string };

export interface ConsentView {
  requestId: string;
  clientName: string;
  username: string;
  scopes: { value: string; label: string }[];
  patient?: PatientChoice;
  error?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A page in the shared layout; `body` is trusted HTML built with escapeHtml. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Hearth</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
fieldset{border:1px solid #888;border-radius:.5rem;margin:1rem 0;padding:.5rem 1rem}
label{display:block;padding:.25rem 0}
button{font-size:1rem;padding:.5rem 1.25rem;margin:.5rem .5rem 0 0;border-radius:.4rem}
.error{color:#a00000;font-weight:600}
:focus-visible{outline:3px solid #1457d2;outline-offset:2px}
</style>
</head>
<body>
<header><p>Hearth</p></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

function patientSection(view: ConsentView, errorId: string | undefined): string {
  const choice = view.patient;
  if (!choice) return '';
  if (choice.kind === 'fixed') return `<p>Patient: <strong>${escapeHtml(choice.label)}</strong></p>`;
  const described = errorId ? ` aria-describedby="${errorId}"` : '';
  const only = choice.options.length === 1;
  const options = choice.options
    .map(
      (o) =>
        `<label><input type="radio" name="patient" value="${escapeHtml(o.id)}"${only ? ' checked' : ''}> ${escapeHtml(o.label)}</label>`,
    )
    .join('\n');
  const none = choice.searchable
    ? 'No patients listed yet: search by name above.'
    : 'No patient record is available to your account for this app.';
  const empty = choice.options.length === 0 ? `<p>${none}</p>` : '';
  // The search is kept so that a re-shown page (after an error) lists the same patients.
  const query = choice.query
    ? `<input type="hidden" name="patient_query" value="${escapeHtml(choice.query)}">`
    : '';
  return `<fieldset${described}>
<legend>Choose the patient this app will work with</legend>
${query}${options}${empty}
</fieldset>`;
}

function searchForm(view: ConsentView): string {
  const choice = view.patient;
  if (choice?.kind !== 'pick' || !choice.searchable) return '';
  return `<form method="get" action="/oauth2/consent" role="search" aria-label="Find a patient">
<input type="hidden" name="request" value="${escapeHtml(view.requestId)}">
<label for="patient-query">Patient name</label>
<input id="patient-query" name="patient_query" type="search" value="${escapeHtml(choice.query ?? '')}" autocomplete="off">
<button type="submit">Search</button>
</form>`;
}

export function renderConsentPage(view: ConsentView): string {
  const errorId = view.error ? 'consent-error' : undefined;
  const error = view.error
    ? `<p id="consent-error" class="error" role="alert">${escapeHtml(view.error)}</p>`
    : '';
  const scopes = view.scopes
    .map(
      (s, i) =>
        `<label for="scope-${i}"><input id="scope-${i}" type="checkbox" name="scope" value="${escapeHtml(s.value)}" checked> ${escapeHtml(s.label)}</label>`,
    )
    .join('\n');
  const title = `Allow ${view.clientName} to use your Hearth account?`;
  return renderPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>You are signed in as <strong>${escapeHtml(view.username)}</strong>. Untick anything you do not want to share.</p>
${error}
${searchForm(view)}
<form method="post" action="/oauth2/consent">
<input type="hidden" name="request" value="${escapeHtml(view.requestId)}">
${patientSection(view, errorId)}
<fieldset>
<legend>${escapeHtml(view.clientName)} asks to</legend>
${scopes}
</fieldset>
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return renderPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>You can close this page and return to the app. If this keeps happening, tell the app's developer.</p>`,
  );
}
