// What a user approved for an app (scopes and SMART launch context), carried from the consent screen
// through the authorization code to access, refresh and id tokens.
import type { UserRole } from '../db/repository.types.ts';

export interface Grant {
  clientId: string;
  /** Granted scopes, resource scopes in v2 form, launch scopes as requested. */
  scopes: string[];
  user: { id: string; role: UserRole; fhirUser?: string };
  /** SMART launch context (scopes-and-launch-context.html#launch-context-arrives-with-your-access_token). */
  patient?: string;
  encounter?: string;
  proxyPatients?: string[];
  /** OIDC: echoed in the id_token (OpenID Connect Core §3.1.2.1). */
  nonce?: string;
}

export function hasScope(grant: Pick<Grant, 'scopes'>, scope: string): boolean {
  return grant.scopes.includes(scope);
}
