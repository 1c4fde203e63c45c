// OAuth 2.0 client registry (RFC 6749 §2, SMART App Launch 2.0 client types). Confidential clients
// authenticate with a secret shown once at creation and stored only as a hash, or with private_key_jwt
// against their registered JWK Set (inline or by URL); public clients (browser and native apps) have
// neither and rely on PKCE. Redirect URIs are registered exactly and compared verbatim (RFC 6749 §3.1.2,
// OAuth 2.0 Security BCP §4.1.3: no patterns, no prefix matching).
import { randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { badRequest } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import { generateSecret, hashSecret, verifySecret } from './client-secrets.ts';
import { isKnownScope, splitScopes } from './scopes.ts';
import { isSigningAlg, OIDC_DEFAULT_ALG, type SigningAlg } from './signing-keys.ts';

export interface NewClient {
  name: string;
  /** Space-delimited SMART scopes the client may be granted, e.g. `system/*.*`. */
  scopes: string;
  /** A public client has no credentials (SMART `client-public`). */
  public?: boolean;
  redirectUris?: readonly string[];
  /** Inline JWK Set for private_key_jwt (SMART `client-confidential-asymmetric`). */
  jwks?: JSONWebKeySet;
  jwksUrl?: string;
  launchUrl?: string;
  /** OIDC Registration `id_token_signed_response_alg`; RS256 when absent (OIDC Core §15.1). */
  idTokenAlg?: SigningAlg;
  /** `Organization/<id>` the app belongs to (an exchange partner's): Consents refusing it apply to the app. */
  organization?: string;
}

export interface CreatedClient {
  client_id: string;
  /** Only for confidential clients without keys: shown once. */
  client_secret?: string;
}

export interface ClientInfo {
  client_id: string;
  name: string;
  scopes: string[];
  type: 'confidential' | 'public';
  redirect_uris: string[];
  /** How the client authenticates at the token endpoint. */
  auth: 'none' | 'client_secret' | 'private_key_jwt';
  jwks_url?: string;
  launch_url?: string;
  /** `Organization/<id>` the app is registered to. */
  organization?: string;
  created: string;
  disabled: boolean;
}

/** A registered client with its key material (never leaves the auth module). */
export interface ClientRecord extends ClientInfo {
  jwks?: JSONWebKeySet;
}

interface ClientRow {
  client_id: string;
  secret_hash: string | null;
  name: string;
  scopes: string;
  client_type: 'confidential' | 'public';
  redirect_uris: string;
  jwks: string | null;
  jwks_url: string | null;
  launch_url: string | null;
  organization: string | null;
  created: string;
  disabled: boolean;
}

// Compared against when the client id is unknown, so that a miss costs the same as a wrong secret.
const UNKNOWN_CLIENT_HASH = await hashSecret(generateSecret());

const COLUMNS =
  'client_id, secret_hash, name, scopes, client_type, redirect_uris, jwks, jwks_url, launch_url, organization, created, disabled';

function toRecord(row: ClientRow): ClientRecord {
  const auth = row.client_type === 'public' ? 'none' : row.secret_hash ? 'client_secret' : 'private_key_jwt';
  return {
    client_id: row.client_id,
    name: row.name,
    scopes: splitScopes(row.scopes),
    type: row.client_type,
    redirect_uris: JSON.parse(row.redirect_uris) as string[],
    auth,
    ...(row.jwks_url ? { jwks_url: row.jwks_url } : {}),
    ...(row.launch_url ? { launch_url: row.launch_url } : {}),
    ...(row.organization ? { organization: `Organization/${row.organization}` } : {}),
    ...(row.jwks ? { jwks: JSON.parse(row.jwks) as JSONWebKeySet } : {}),
    created: row.created,
    disabled: row.disabled,
  };
}

function toInfo(record: ClientRecord): ClientInfo {
  const { jwks: _jwks, ...info } = record;
  return info;
}

/**
 * RFC 6749 §3.1.2: absolute, no fragment. OAuth 2.0 Security BCP §2.6 / RFC 8252 §8.3: https, or
 * http only for a loopback host (native apps); private-use schemes (`com.example.app:/cb`) for native.
 */
function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw badRequest(`Redirect URI ${uri} is not an absolute URI`, 'redirect_uri');
  }
  if (url.hash || uri.includes('#')) throw badRequest(`Redirect URI ${uri} must not have a fragment`);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback)
    throw badRequest(`Redirect URI ${uri} must use https (http only for localhost)`, 'redirect_uri');
  if (['javascript:', 'data:', 'file:'].includes(url.protocol))
    throw badRequest(`Redirect URI ${uri} uses a forbidden scheme`, 'redirect_uri');
}

function checkJwks(jwks: JSONWebKeySet): void {
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw badRequest('The JWK Set must have a non-empty "keys" array', 'jwks');
  if (jwks.keys.some((k) => 'd' in k || 'k' in k))
    throw badRequest('The JWK Set must hold public keys only (found private or symmetric key material)');
}

function validate(client: NewClient): { name: string; scopes: string[] } {
  const name = client.name.trim();
  if (!name) throw badRequest('A client needs a name', 'name');
  const scopes = splitScopes(client.scopes);
  if (scopes.length === 0) throw badRequest('A client needs at least one scope, e.g. system/*.*', 'scope');
  const bad = scopes.filter((s) => !isKnownScope(s));
  if (bad.length > 0) {
    throw badRequest(
      `Unrecognised scope(s): ${bad.join(', ')} (expected e.g. system/*.cruds, patient/Observation.rs, openid)`,
      'scope',
    );
  }
  for (const uri of client.redirectUris ?? []) checkRedirectUri(uri);
  if (client.public && (client.jwks || client.jwksUrl))
    throw badRequest('A public client has no keys; drop --public to register private_key_jwt');
  if (client.jwks && client.jwksUrl) throw badRequest('Give either an inline JWK Set or a JWKS URL');
  if (client.jwks) checkJwks(client.jwks);
  if (client.jwksUrl && !/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(client.jwksUrl))
    throw badRequest('The JWKS URL must use https', 'jwks_url');
  if (client.launchUrl) checkRedirectUri(client.launchUrl);
  if (client.organization !== undefined && organizationId(client.organization) === undefined)
    throw badRequest('The organization must be a reference like Organization/123', 'organization');
  return { name, scopes };
}

/** Registers a client; a generated secret is returned once and never retrievable again. */
export async function createClient(db: Queryable, client: NewClient): Promise<CreatedClient> {
  const { name, scopes } = validate(client);
  const clientId = randomUUID();
  const usesSecret = !client.public && !client.jwks && !client.jwksUrl;
  const secret = usesSecret ? generateSecret() : undefined;
  await db.query(
    `INSERT INTO oauth_clients (client_id, secret_hash, name, scopes, client_type, redirect_uris, jwks, jwks_url, launch_url, id_token_signed_response_alg, organization)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      clientId,
      secret ? await hashSecret(secret) : null,
      name,
      scopes.join(' '),
      client.public ? 'public' : 'confidential',
      JSON.stringify([...new Set(client.redirectUris ?? [])]),
      client.jwks ? JSON.stringify(client.jwks) : null,
      client.jwksUrl ?? null,
      client.launchUrl ?? null,
      client.idTokenAlg ?? null,
      client.organization !== undefined ? (organizationId(client.organization) ?? null) : null,
    ],
  );
  return { client_id: clientId, ...(secret ? { client_secret: secret } : {}) };
}

function organizationId(ref: string): string | undefined {
  return /^Organization\/([A-Za-z0-9\-.]{1,64})$/.exec(ref)?.[1];
}

/** The id of the organization a client is registered to, if any. */
export async function clientOrganizationOf(db: Queryable, clientId: string): Promise<string | undefined> {
  const r = await db.query<{ organization: string | null }>(
    'SELECT organization FROM oauth_clients WHERE client_id = $1',
    [clientId],
  );
  return r.rows[0]?.organization ?? undefined;
}

/** The algorithm the client's id_tokens are signed with: its registered one, else RS256. */
export async function idTokenAlgOf(db: Queryable, clientId: string): Promise<SigningAlg> {
  const r = await db.query<{ alg: string | null }>(
    'SELECT id_token_signed_response_alg AS alg FROM oauth_clients WHERE client_id = $1',
    [clientId],
  );
  const alg = r.rows[0]?.alg;
  return alg && isSigningAlg(alg) ? alg : OIDC_DEFAULT_ALG;
}

export interface BuiltInClient {
  /** A fixed, readable id (e.g. `hearth-web`). */
  clientId: string;
  name: string;
  scopes: string;
  redirectUris: readonly string[];
}

/**
 * Registers a public client that ships with the server, or updates it to this definition (its scopes
 * and redirect URIs follow the server's configuration on every start). Its redirect URIs are the
 * server's own public URL, trusted as far as the server itself, so they skip the https rule that
 * protects third-party registrations. An administrator's `clients disable` sticks: `disabled` is
 * never touched here.
 */
export async function ensureBuiltInClient(db: Queryable, client: BuiltInClient): Promise<void> {
  const scopes = splitScopes(client.scopes);
  const bad = scopes.filter((s) => !isKnownScope(s));
  if (bad.length > 0)
    throw new Error(`Built-in client ${client.clientId}: unknown scope(s) ${bad.join(', ')}`);
  await db.query(
    `INSERT INTO oauth_clients (client_id, secret_hash, name, scopes, client_type, redirect_uris)
     VALUES ($1, NULL, $2, $3, 'public', $4)
     ON CONFLICT (client_id) DO UPDATE
       SET secret_hash = NULL, name = EXCLUDED.name, scopes = EXCLUDED.scopes,
           client_type = 'public', redirect_uris = EXCLUDED.redirect_uris, jwks = NULL, jwks_url = NULL`,
    [client.clientId, client.name, scopes.join(' '), JSON.stringify([...new Set(client.redirectUris)])],
  );
}

export async function listClients(db: Queryable): Promise<ClientInfo[]> {
  const r = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients ORDER BY created, client_id`);
  return r.rows.map((row) => toInfo(toRecord(row)));
}

/** An enabled client by id (no authentication: for the authorize endpoint and key lookups). */
export async function findClient(db: Queryable, clientId: string): Promise<ClientRecord | undefined> {
  const r = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [
    clientId,
  ]);
  const row = r.rows[0];
  return row && !row.disabled ? toRecord(row) : undefined;
}

export async function setClientDisabled(
  db: Queryable,
  clientId: string,
  disabled: boolean,
): Promise<boolean> {
  const r = await db.query('UPDATE oauth_clients SET disabled = $2 WHERE client_id = $1', [
    clientId,
    disabled,
  ]);
  return r.rowCount > 0;
}

/**
 * The client if the id and secret match an enabled confidential client, else undefined. Unknown ids
 * still pay for one hash so that timing does not reveal which client ids exist.
 */
export async function authenticateClient(
  db: Queryable,
  clientId: string,
  secret: string,
): Promise<ClientRecord | undefined> {
  const r = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [
    clientId,
  ]);
  const row = r.rows[0];
  const ok = await verifySecret(secret, row?.secret_hash ?? UNKNOWN_CLIENT_HASH);
  if (!row || !ok || row.disabled || row.client_type !== 'confidential') return undefined;
  return toRecord(row);
}
