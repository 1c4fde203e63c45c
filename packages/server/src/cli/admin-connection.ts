// ONE code path for admin work: the same admin API, reached over a running server's unix socket, or
// built in-process on the opened database with `app.inject()` when no server runs. Commands never know
// which one they got.
import { request } from 'node:http';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Config } from '../config/config.ts';
import { openServices } from '../main.ts';
import { adminSocketAnswers, adminSocketPath } from './admin-socket.ts';
import { buildAdminApp } from './admin.routes.ts';

export interface AdminConnection {
  /** `server` = through a running server's admin socket; `in-process` = this process opened the database. */
  readonly mode: 'server' | 'in-process';
  request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The admin API's error as one readable line (its body is an OperationOutcome). */
function failure(status: number, body: string): Error {
  try {
    const outcome = JSON.parse(body) as OperationOutcome;
    const text = (outcome.issue ?? []).map((i) => i.diagnostics ?? i.code).join('; ');
    return new Error(text || `admin request failed (${status})`);
  } catch {
    return new Error(`admin request failed (${status}): ${body.slice(0, 200)}`);
  }
}

function overSocket(socketPath: string): AdminConnection {
  return {
    mode: 'server',
    request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            socketPath,
            path: url,
            method,
            headers: payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) resolve(JSON.parse(text) as T);
              else reject(failure(status, text));
            });
          },
        );
        req.on('error', (err) => {
          reject(new Error(`The Hearth server stopped answering on ${socketPath}: ${err.message}`));
        });
        req.end(payload);
      });
    },
    close: () => Promise.resolve(),
  };
}

async function inProcess(config: Readonly<Config>): Promise<AdminConnection> {
  const services = await openServices(config);
  const app = buildAdminApp({ engine: services.engine, repo: services.repo, config });
  return {
    mode: 'in-process',
    async request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
      const res = await app.inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      if (res.statusCode >= 200 && res.statusCode < 300) return res.json<T>();
      throw failure(res.statusCode, res.body);
    },
    async close() {
      await app.close();
      await services.close();
    },
  };
}

/** A running embedded server's socket if one answers, else the database opened in this process. */
export async function connectAdmin(config: Readonly<Config>): Promise<AdminConnection> {
  if (!config.databaseUrl) {
    const socket = adminSocketPath(config.dataDir);
    if (await adminSocketAnswers(socket)) return overSocket(socket);
  }
  return inProcess(config);
}
