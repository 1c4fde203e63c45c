// The clinician workspace's live feed (GET /monitoring/ws). Browsers cannot set headers on a WebSocket,
// so the first message authenticates: {"type":"auth","token":"<access token>"}, within 5 s or the socket
// is closed with 4401. Then every message about a patient goes only to sockets whose user may read that
// Patient (decided by the repository, as for any read, and re-checked every minute).
import type { FastifyRequest } from 'fastify';
import type { AccessContext, Repository } from '../db/repository.types.ts';

export const AUTH_TIMEOUT_MS = 5_000;
export const UNAUTHORIZED_CLOSE = 4401;
const PERMISSION_TTL_MS = 60_000;

/** What the hub needs of a socket (a `ws` WebSocket). */
export interface LiveSocket {
  readonly readyState: number;
  send(text: string): void;
  close(code: number, reason: string): void;
  on(event: 'message', listener: (data: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

const OPEN = 1; // WebSocket.OPEN

export type Authenticate = (req: FastifyRequest) => Promise<AccessContext>;

interface Client {
  socket: LiveSocket;
  ctx: AccessContext | undefined;
  allowed: Map<string, { at: number; ok: Promise<boolean> }>;
}

export interface LiveHub {
  attach(socket: LiveSocket, req: FastifyRequest): void;
  /** Sends a message about a patient to every socket allowed to read that patient. */
  send(patientId: string, message: object): void;
  close(): void;
}

export interface LiveHubOptions {
  repo: Repository;
  authenticate: Authenticate;
  clock: () => Date;
  /** How long an authentication holds: the access token lifetime (HEARTH_ACCESS_TOKEN_SECONDS). */
  sessionMs: number;
}

export function createLiveHub(opts: LiveHubOptions): LiveHub {
  const clients = new Set<Client>();

  function mayRead(client: Client, patientId: string): Promise<boolean> {
    const nowMs = opts.clock().getTime();
    const cached = client.allowed.get(patientId);
    if (cached && nowMs - cached.at < PERMISSION_TTL_MS) return cached.ok;
    const ctx = client.ctx!;
    const ok = opts.repo.read(ctx, 'Patient', patientId).then(
      () => true,
      () => false,
    );
    client.allowed.set(patientId, { at: nowMs, ok });
    return ok;
  }

  async function authenticate(client: Client, req: FastifyRequest, raw: string): Promise<void> {
    let token: unknown;
    try {
      const msg = JSON.parse(raw) as { type?: unknown; token?: unknown };
      token = msg.type === 'auth' ? msg.token : undefined;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') throw new Error('no token');
    // The authenticator reads the Authorization header; the token arrives in the message instead.
    const withToken = Object.create(req, {
      headers: { value: { ...req.headers, authorization: `Bearer ${token}` } },
    }) as FastifyRequest;
    client.ctx = await opts.authenticate(withToken);
  }

  return {
    attach(socket, req) {
      const client: Client = { socket, ctx: undefined, allowed: new Map() };
      const refuse = (why: string) => {
        socket.close(UNAUTHORIZED_CLOSE, why);
      };
      let timer = setTimeout(() => {
        refuse('Send {"type":"auth","token":"<access token>"} first');
      }, AUTH_TIMEOUT_MS);
      timer.unref();
      // A token lives at most `sessionMs`: the socket must re-authenticate (another auth message) before
      // then, or it is closed with 4401 like an HTTP request with an expired token would be refused.
      const expireLater = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          refuse('The access token expired: send {"type":"auth","token":"<new token>"} or reconnect');
        }, opts.sessionMs);
        timer.unref();
      };
      socket.on('message', (data: Buffer) => {
        const text = data.toString();
        const first = client.ctx === undefined;
        if (!first && !text.includes('"auth"')) return;
        authenticate(client, req, text).then(
          () => {
            client.allowed.clear();
            expireLater();
            if (!first) return;
            clients.add(client);
            socket.send(JSON.stringify({ type: 'ready' }));
          },
          () => {
            clearTimeout(timer);
            clients.delete(client);
            refuse('Send {"type":"auth","token":"<access token>"} first');
          },
        );
      });
      socket.on('close', () => {
        clearTimeout(timer);
        clients.delete(client);
      });
    },
    send(patientId, message) {
      if (clients.size === 0) return;
      const text = JSON.stringify(message);
      for (const client of clients) {
        void mayRead(client, patientId).then((ok) => {
          if (ok && client.socket.readyState === OPEN) client.socket.send(text);
        });
      }
    },
    close() {
      for (const c of clients) c.socket.close(1001, 'Server shutting down');
      clients.clear();
    },
  };
}
