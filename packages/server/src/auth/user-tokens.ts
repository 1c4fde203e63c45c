// The token response for a user's grant (SMART App Launch 2.0 app-launch.html#response-5): access token
// with launch context, `id_token` for `openid`, a rotated refresh token for `offline_access` /
// `online_access`. Also revokes a whole grant (refresh family + access tokens by `sid`).
import type { Queryable } from '../db/engine.ts';
import type { TokenService } from './access-tokens.ts';
import { idTokenAlgOf } from './clients.ts';
import { hasScope, type Grant } from './grants.ts';
import { deleteRefreshFamily, issueRefreshToken, type RefreshFamily } from './refresh-tokens.ts';

export interface UserTokenDeps {
  db: Queryable;
  tokens: TokenService;
  accessTokenSeconds: number;
}

export interface UserTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  patient?: string;
  encounter?: string;
  fhirUser?: string;
  need_patient_banner?: boolean;
}

/** Issues the tokens for a grant; `family` carries the grant id and, on refresh, the old family. */
export async function issueUserTokens(
  deps: UserTokenDeps,
  family: Omit<RefreshFamily, 'offline'>,
  now: Date,
): Promise<UserTokenResponse> {
  const { grant, familyId } = family;
  const access = await deps.tokens.issue({
    clientId: grant.clientId,
    scopes: grant.scopes,
    grant,
    sid: familyId,
  });
  const offline = hasScope(grant, 'offline_access');
  const refresh =
    offline || hasScope(grant, 'online_access')
      ? await issueRefreshToken(deps.db, { ...family, offline }, now)
      : undefined;
  // OIDC: an id_token when `openid` was granted; SMART adds `fhirUser` to it when that scope was granted.
  const idGrant: Grant = hasScope(grant, 'fhirUser')
    ? grant
    : { ...grant, user: { ...grant.user, fhirUser: undefined } };
  const idToken = hasScope(grant, 'openid')
    ? await deps.tokens.idToken(idGrant, await idTokenAlgOf(deps.db, grant.clientId))
    : undefined;
  return {
    ...access,
    ...(refresh ? { refresh_token: refresh } : {}),
    ...(idToken ? { id_token: idToken } : {}),
    ...(grant.patient ? { patient: grant.patient } : {}),
    ...(grant.encounter ? { encounter: grant.encounter } : {}),
    ...(grant.user.fhirUser && hasScope(grant, 'fhirUser') ? { fhirUser: grant.user.fhirUser } : {}),
    // SMART: an app launched with a patient in context shows a banner unless the EHR already does.
    ...(grant.patient ? { need_patient_banner: true } : {}),
  };
}

/** Revokes a grant: its refresh tokens now, its access tokens through their `sid` until they expire. */
export async function revokeGrant(deps: UserTokenDeps, familyId: string, now: Date): Promise<void> {
  await deleteRefreshFamily(deps.db, familyId);
  await deps.tokens.revoke(familyId, new Date(now.getTime() + (deps.accessTokenSeconds + 60) * 1000));
}
