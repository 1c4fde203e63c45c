// The load client's view of a FHIR server: one undici Pool (keep-alive, `connections` sockets) and a
// Bearer token from client_credentials (SMART backend services, RFC 6749 §4.4). Every helper checks
// the status it expects and throws otherwise, so the load driver counts the failure as an error.
import { Pool } from 'undici';
import type { Resource } from '@medplum/fhirtypes';
import { hearthCli, type Storage } from './child-server.ts';

export interface FhirClient {
  get(path: string, status?: number): Promise<string>;
  /** POST or PUT a resource; returns the server's copy. */
  send<T extends Resource>(method: 'POST' | 'PUT', path: string, resource: T, status: number[]): Promise<T>;
  del(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function issueToken(storage: Storage, url: string): Promise<string> {
  const created = JSON.parse(
    await hearthCli(storage, ['clients', 'add', '--name', 'bench', '--scope', 'system/*.*']),
  ) as { client_id: string; client_secret: string };
  const basic = Buffer.from(`${created.client_id}:${created.client_secret}`).toString('base64');
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=system%2F*.*',
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function fhirClient(url: string, token: string | undefined, connections: number): FhirClient {
  const pool = new Pool(url, { connections, pipelining: 1 });
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const json = { ...headers, 'content-type': 'application/fhir+json' };
  const fail = async (method: string, path: string, status: number, body: { text(): Promise<string> }) =>
    new Error(`${method} ${path}: ${status} ${(await body.text()).slice(0, 300)}`);
  return {
    async get(path, status = 200) {
      const res = await pool.request({ method: 'GET', path, headers });
      if (res.statusCode !== status) throw await fail('GET', path, res.statusCode, res.body);
      return res.body.text();
    },
    async send(method, path, resource, status) {
      const res = await pool.request({ method, path, headers: json, body: JSON.stringify(resource) });
      if (!status.includes(res.statusCode)) throw await fail(method, path, res.statusCode, res.body);
      return (await res.body.json()) as typeof resource;
    },
    async del(path) {
      const res = await pool.request({ method: 'DELETE', path, headers });
      if (res.statusCode !== 200 && res.statusCode !== 204)
        throw await fail('DELETE', path, res.statusCode, res.body);
      await res.body.dump();
    },
    close: () => pool.close(),
  };
}
