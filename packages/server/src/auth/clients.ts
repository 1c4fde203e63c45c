// OAuth 2.0 client registry (RFC 6749 §2). Confidential clients authenticate with a secret that is
// shown once at creation and stored only as a hash.
import { randomUUID } from 'node:crypto';
import { badRequest } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import { generateSecret, hashSecret, verifySecret } from './client-secrets.ts';
import { parseResourceScope, splitScopes } from './scopes.ts';

export interface NewClient {
  name: string;
  /** Space-delimited SMART scopes the client may be granted, e.g. `system/*.*`. */
  scopes: string;
}

export interface CreatedClient {
  client_id: string;
  client_secret: string;
}

export interface ClientInfo {
  client_id: string;
  name: string;
  scopes: string[];
  type: 'confidential' | 'public';
  created: string;
  disabled: boolean;
}

interface ClientRow {
  client_id: string;
  secret_hash: string | null;
  name: string;
  scopes: string;
  client_type: 'confidential' | 'public';
  created: string;
  disabled: boolean;
}

// Compared against when the client id is unknown, so that a miss costs the same as a wrong secret.
const UNKNOWN_CLIENT_HASH = await hashSecret(generateSecret());

const COLUMNS = 'client_id, secret_hash, name, scopes, client_type, created, disabled';

function toInfo(row: ClientRow): ClientInfo {
  return {
    client_id: row.client_id,
    name: row.name,
    scopes: splitScopes(row.scopes),
    type: row.client_type,
    created: row.created,
    disabled: row.disabled,
  };
}

/** Registers a confidential client; the returned secret is never retrievable again. */
export async function createClient(db: Queryable, client: NewClient): Promise<CreatedClient> {
  const name = client.name.trim();
  if (!name) throw badRequest('A client needs a name', 'name');
  const scopes = splitScopes(client.scopes);
  if (scopes.length === 0) throw badRequest('A client needs at least one scope, e.g. system/*.*', 'scope');
  const bad = scopes.filter((s) => !parseResourceScope(s));
  if (bad.length > 0) {
    throw badRequest(
      `Unrecognised scope(s): ${bad.join(', ')} (expected e.g. system/*.cruds or system/Patient.read)`,
      'scope',
    );
  }
  const clientId = randomUUID();
  const secret = generateSecret();
  await db.query(
    `INSERT INTO oauth_clients (client_id, secret_hash, name, scopes, client_type) VALUES ($1, $2, $3, $4, 'confidential')`,
    [clientId, await hashSecret(secret), name, scopes.join(' ')],
  );
  return { client_id: clientId, client_secret: secret };
}

export async function listClients(db: Queryable): Promise<ClientInfo[]> {
  const r = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients ORDER BY created, client_id`);
  return r.rows.map(toInfo);
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
): Promise<ClientInfo | undefined> {
  const r = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [
    clientId,
  ]);
  const row = r.rows[0];
  const ok = await verifySecret(secret, row?.secret_hash ?? UNKNOWN_CLIENT_HASH);
  if (!row || !ok || row.disabled || row.client_type !== 'confidential') return undefined;
  return toInfo(row);
}
