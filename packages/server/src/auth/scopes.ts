// SMART scopes (SMART App Launch 2.0, scopes-and-launch-context.html). Resource scopes in both syntaxes
// for the `patient/`, `user/` and `system/` contexts: v2 `patient/Observation.rs` and v1 aliases
// `.read`, `.write`, `.*`, everything normalised to v2 so the authorization layer sees one form. A
// granular v2 constraint (`patient/Observation.rs?category=…|vital-signs`) is kept verbatim for the
// authorization layer to enforce. Non-resource scopes (openid, launch, offline_access…) are listed in
// LAUNCH_SCOPES.

const V1_TO_V2: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
/** The v2 permission letters in their canonical order (SMART 2.0 §scopes: `c r u d s`). */
const V2_ORDER = ['c', 'r', 'u', 'd', 's'] as const;
const SCOPE = /^(system|user|patient)\/([A-Za-z]+|\*)\.([a-z*]+)(?:\?(\S+))?$/;

export type ScopeContext = 'system' | 'user' | 'patient';

export interface ResourceScope {
  context: ScopeContext;
  /** A resource type or `*`. */
  resourceType: string;
  /** Permitted interactions as a subset of `cruds`, in canonical order. */
  permissions: string;
  /** Granular constraint after `?`, verbatim (SMART 2.0 §finer-grained-resource-constraints). */
  query?: string;
}

/**
 * The non-resource scopes this server grants (scopes-and-launch-context.html): identity (`openid`,
 * `fhirUser`), launch context (`launch`, `launch/patient`, `launch/encounter`) and refresh tokens.
 */
export const LAUNCH_SCOPES = [
  'openid',
  'fhirUser',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
] as const;

export function isLaunchScope(scope: string): boolean {
  return (LAUNCH_SCOPES as readonly string[]).includes(scope);
}

/** Parses one resource scope; undefined for non-resource scopes (openid, launch, ...) or malformed ones. */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const m = SCOPE.exec(scope);
  if (!m) return undefined;
  const [, context, resourceType, perms, query] = m as unknown as [
    string,
    ScopeContext,
    string,
    string,
    string | undefined,
  ];
  const v1 = V1_TO_V2[perms];
  // v1 scopes have no granular form (SMART 2.0: constraints are a v2 feature).
  if (v1 && query) return undefined;
  const v2 = v1 ?? perms;
  if (!v2.split('').every((c) => (V2_ORDER as readonly string[]).includes(c))) return undefined;
  const permissions = V2_ORDER.filter((c) => v2.includes(c)).join('');
  return { context, resourceType, permissions, ...(query ? { query } : {}) };
}

export function formatResourceScope(s: ResourceScope): string {
  return `${s.context}/${s.resourceType}.${s.permissions}${s.query ? `?${s.query}` : ''}`;
}

/** Splits a space-delimited scope string (RFC 6749 §3.3). */
export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s.length > 0);
}

/** Requested ∩ allowed for one pair, or undefined when they do not overlap. */
function intersect(req: ResourceScope, allowed: ResourceScope): ResourceScope | undefined {
  if (allowed.context !== req.context) return undefined;
  const anyType = allowed.resourceType === '*' || req.resourceType === '*';
  if (!anyType && allowed.resourceType !== req.resourceType) return undefined;
  // Two different constraints cannot be expressed as one scope: strict reading, no grant.
  if (req.query && allowed.query && req.query !== allowed.query) return undefined;
  const permissions = V2_ORDER.filter((c) => req.permissions.includes(c) && allowed.permissions.includes(c));
  if (permissions.length === 0) return undefined;
  const query = req.query ?? allowed.query;
  return {
    context: req.context,
    resourceType: req.resourceType === '*' ? allowed.resourceType : req.resourceType,
    permissions: permissions.join(''),
    ...(query ? { query } : {}),
  };
}

/**
 * The scopes to grant: each requested scope intersected with the client's allowed scopes (RFC 6749 §3.3
 * lets the server grant less than asked). No request means everything the client may have. Requested
 * scopes the client has no overlap with are dropped, never widened. Launch scopes are granted when the
 * client is allowed them.
 */
export function narrowScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  const allowedParsed = allowed.map(parseResourceScope).filter((s) => s !== undefined);
  const wanted = requested.length > 0 ? requested : allowed;
  // `context/type?query` → permissions granted for it, merged across overlapping allowances.
  const granted = new Map<string, { scope: ResourceScope; perms: Set<string> }>();
  const launch: string[] = [];
  for (const raw of wanted) {
    if (isLaunchScope(raw)) {
      if (allowed.includes(raw) && !launch.includes(raw)) launch.push(raw);
      continue;
    }
    const req = parseResourceScope(raw);
    if (!req) continue;
    for (const a of allowedParsed) {
      const s = intersect(req, a);
      if (!s) continue;
      const key = formatResourceScope({ ...s, permissions: '' });
      const entry = granted.get(key) ?? { scope: s, perms: new Set<string>() };
      for (const c of s.permissions) entry.perms.add(c);
      granted.set(key, entry);
    }
  }
  const resources = [...granted.values()].map(({ scope, perms }) =>
    formatResourceScope({ ...scope, permissions: V2_ORDER.filter((c) => perms.has(c)).join('') }),
  );
  return [...resources, ...launch];
}

/** Whether a scope string is one this server understands (registration and consent validation). */
export function isKnownScope(scope: string): boolean {
  return isLaunchScope(scope) || parseResourceScope(scope) !== undefined;
}
