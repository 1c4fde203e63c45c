// Plain-language wording of SMART scopes for the consent screen (SMART App Launch 2.0 asks servers to
// show users what an app will be able to do). Pure: scope string in, sentence out.
import { parseResourceScope, type ResourceScope } from './scopes.ts';

const LAUNCH_WORDING: Record<string, string> = {
  openid: 'Confirm who you are (your name and account)',
  fhirUser: 'Know which person record is yours',
  launch: 'Open with the patient and visit you are working on',
  'launch/patient': 'Work with one patient record you choose',
  'launch/encounter': 'Work with one visit you choose',
  offline_access: 'Keep access when you are not using the app, until you revoke it',
  online_access: 'Keep access while you stay signed in',
};

const VERBS: Record<string, string> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};

/** `Observation` → `observations`, `*` → `all kinds of records`. */
function things(type: string): string {
  if (type === '*') return 'all kinds of records';
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.endsWith('s') ? words : `${words}s`;
}

function whose(context: ResourceScope['context']): string {
  switch (context) {
    case 'patient':
      return 'of the selected patient';
    case 'user':
      return 'that you can access';
    case 'system':
      return 'across the whole system';
  }
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
}

/** The wording for one scope; unknown scopes are shown verbatim. */
export function describeScope(scope: string): string {
  const launch = LAUNCH_WORDING[scope];
  if (launch) return launch;
  const parsed = parseResourceScope(scope);
  if (!parsed) return scope;
  const verbs = list(parsed.permissions.split('').map((c) => VERBS[c]!));
  const sentence = `${verbs.charAt(0).toUpperCase()}${verbs.slice(1)} ${things(parsed.resourceType)} ${whose(parsed.context)}`;
  return parsed.query ? `${sentence}, only where ${decodeConstraint(parsed.query)}` : sentence;
}

/** `category=http://…|vital-signs` → `category is vital-signs` (the code, not the system, reads best). */
function decodeConstraint(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // Shown as written when not valid percent-encoding.
      }
      return `${name} is ${decoded.split('|').pop()!}`;
    })
    .join(' and ');
}
