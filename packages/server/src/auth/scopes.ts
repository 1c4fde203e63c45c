// SMART scopes for backend services (SMART App Launch 2.0, scopes-and-launch-context.html).
// Both syntaxes are accepted: v2 `system/Patient.cruds` / `system/*.rs` and v1 `system/*.read`,
// `.write`, `.*`. Everything is normalised to v2 so that the authorization layer sees one form.

const V1_TO_V2: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
/** The v2 permission letters in their canonical order (SMART 2.0 §scopes: `c r u d s`). */
const V2_ORDER = ['c', 'r', 'u', 'd', 's'] as const;
const SCOPE = /^(system|user|patient)\/([A-Za-z]+|\*)\.([a-z*]+)$/;

export interface ResourceScope {
  context: 'system' | 'user' | 'patient';
  /** A resource type or `*`. */
  resourceType: string;
  /** Permitted interactions as a subset of `cruds`, in canonical order. */
  permissions: string;
}

/** Parses one resource scope; undefined for non-resource scopes (openid, launch, ...) or malformed ones. */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const m = SCOPE.exec(scope);
  if (!m) return undefined;
  const [, context, resourceType, perms] = m as unknown as [string, ResourceScope['context'], string, string];
  const v2 = V1_TO_V2[perms] ?? perms;
  if (!v2.split('').every((c) => (V2_ORDER as readonly string[]).includes(c))) return undefined;
  const permissions = V2_ORDER.filter((c) => v2.includes(c)).join('');
  return { context, resourceType, permissions };
}

/** Splits a space-delimited scope string (RFC 6749 §3.3). */
export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s.length > 0);
}

/**
 * The scopes to grant: each requested scope intersected with the client's allowed scopes (RFC 6749 §3.3
 * lets the server grant less than asked). No request means everything the client may have. Requested
 * scopes the client has no overlap with are dropped, never widened.
 */
export function narrowScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  const allowedParsed = allowed.map(parseResourceScope).filter((s) => s !== undefined);
  const wanted = requested.length > 0 ? requested : allowed;
  // resource type (or `*`) → permissions granted for it, merged across overlapping allowances.
  const granted = new Map<string, Set<string>>();
  for (const raw of wanted) {
    const req = parseResourceScope(raw);
    if (!req) continue;
    for (const a of allowedParsed) {
      if (a.context !== req.context) continue;
      if (a.resourceType !== '*' && req.resourceType !== '*' && a.resourceType !== req.resourceType) continue;
      const key = `${req.context}/${req.resourceType === '*' ? a.resourceType : req.resourceType}`;
      const perms = granted.get(key) ?? new Set<string>();
      for (const c of req.permissions.split('')) if (a.permissions.includes(c)) perms.add(c);
      granted.set(key, perms);
    }
  }
  return [...granted]
    .map(([key, perms]) => [key, V2_ORDER.filter((c) => perms.has(c)).join('')] as const)
    .filter(([, perms]) => perms.length > 0)
    .map(([key, perms]) => `${key}.${perms}`);
}
