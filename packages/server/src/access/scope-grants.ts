// What a token's scopes grant (SMART App Launch 2.0, scopes-and-launch-context.html): each resource scope
// becomes a grant of interaction letters (`c r u d s`) on a type or `*`, in a context (`patient/`,
// `user/`, `system/`), optionally narrowed by a granular search constraint
// (`patient/Observation.rs?category=…|vital-signs`, SMART 2.0 §finer-grained-resource-constraints).
// v1 aliases (`.read`, `.write`, `.*`) are normalised to v2 letters by auth/scopes.ts.
import { parseResourceScope } from '../auth/scopes.ts';
import type { SearchQuery } from '../db/repository.types.ts';

/** SMART v2 interaction letters. */
export type Letter = 'c' | 'r' | 'u' | 'd' | 's';

export interface Grant {
  context: 'system' | 'user' | 'patient';
  /** A resource type or `*`. */
  resourceType: string;
  permissions: string;
  /** Search parameters a resource must match (AND); undefined = no constraint. */
  constraint?: SearchQuery;
}

/** Parses the granted scopes; non-resource scopes (openid, launch…) and malformed ones grant nothing. */
export function grantsOf(scopes: readonly string[]): Grant[] {
  const grants: Grant[] = [];
  for (const scope of scopes) {
    const at = scope.indexOf('?');
    const base = parseResourceScope(at < 0 ? scope : scope.slice(0, at));
    if (!base) continue;
    const grant: Grant = {
      context: base.context,
      resourceType: base.resourceType,
      permissions: base.permissions,
    };
    if (at >= 0) {
      const constraint = parseConstraint(scope.slice(at + 1));
      // A constraint is about one type's search parameters: on `*` it has no meaning (strict reading).
      if (!constraint || base.resourceType === '*') continue;
      grant.constraint = constraint;
    }
    grants.push(grant);
  }
  return grants;
}

function parseConstraint(query: string): SearchQuery | undefined {
  try {
    const pairs = [...new URLSearchParams(query)];
    return pairs.length > 0 && pairs.every(([k, v]) => k !== '' && v !== '') ? pairs : undefined;
  } catch {
    return undefined;
  }
}

/** The grants allowing `letter` on `type` (undefined = any type, for searches across types). */
export function grantsFor(grants: readonly Grant[], type: string | undefined, letter: Letter): Grant[] {
  return grants.filter(
    (g) =>
      g.permissions.includes(letter) &&
      (type === undefined || g.resourceType === '*' || g.resourceType === type),
  );
}
