// The live feed: /monitoring/ws, authenticated by its first message (a browser cannot set headers on a
// WebSocket, so the access token travels as `{"type":"auth","token":…}`), reconnecting with capped,
// jittered exponential backoff after any loss. The state it reports is what the page shows; nothing
// here touches the DOM, so it runs in tests with a fake socket and fake timers.
import { parseServerMessage } from './dashboard-state.ts';
import type { ServerMessage } from './monitoring.types.ts';

export type ConnectionState =
  /** Opening the socket or waiting for `ready` after sending the token. */
  | { kind: 'connecting' }
  /** `ready` received: messages arrive as they happen. */
  | { kind: 'live' }
  /** Lost; the next attempt is at `retryAt` (ms since the epoch). */
  | { kind: 'reconnecting'; retryAt: number; attempt: number }
  /** The server refused the token (close code 4401) twice in a row: signing in again is needed. */
  | { kind: 'refused' }
  | { kind: 'closed' };

/** The part of the browser's WebSocket this uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface MonitoringSocketOptions {
  url: string;
  /** A valid access token now (the session renews it when about to expire). */
  token: () => Promise<string | undefined>;
  onMessage: (message: ServerMessage) => void;
  onState: (state: ConnectionState) => void;
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

/** The server's close code for a missing or invalid token (the contract of /monitoring/ws). */
export const CLOSE_UNAUTHORIZED = 4401;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** Attempt n (1-based) waits 1 s, 2 s, 4 s … up to 30 s, each scaled by 0.5–1 so clients spread out. */
export function retryDelay(attempt: number, random: () => number): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/** `ws://host/monitoring/ws` on this page's origin (`wss:` under https). */
export function monitoringSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/monitoring/ws`;
}

export interface MonitoringSocket {
  /** Skip the wait and try again now (the "Reconnect now" button). */
  retryNow(): void;
  close(): void;
}

export function connectMonitoring(opts: MonitoringSocketOptions): MonitoringSocket {
  const create = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => window.setTimeout(fn, ms));
  const clearTimer =
    opts.clearTimer ??
    ((h: unknown) => {
      window.clearTimeout(h as number);
    });
  const random = opts.random ?? Math.random;

  let socket: SocketLike | undefined;
  let timer: unknown;
  let attempt = 0;
  let refusals = 0;
  let stopped = false;

  const report = (state: ConnectionState) => {
    if (!stopped || state.kind === 'closed') opts.onState(state);
  };

  function scheduleRetry() {
    if (stopped) return;
    attempt += 1;
    const delay = retryDelay(attempt, random);
    report({ kind: 'reconnecting', retryAt: now() + delay, attempt });
    timer = setTimer(connect, delay);
  }

  function connect() {
    if (stopped) return;
    timer = undefined;
    report({ kind: 'connecting' });
    const ws = create(opts.url);
    socket = ws;
    ws.onopen = () => {
      opts.token().then(
        (token) => {
          if (socket !== ws) return;
          if (!token) {
            refusals = 2;
            ws.close(1000);
            return;
          }
          ws.send(JSON.stringify({ type: 'auth', token }));
        },
        () => {
          if (socket === ws) ws.close(1000);
        },
      );
    };
    ws.onmessage = (ev) => {
      if (socket !== ws || typeof ev.data !== 'string') return;
      const message = parseServerMessage(ev.data);
      if (!message) return;
      if (message.type === 'ready') {
        attempt = 0;
        refusals = 0;
        report({ kind: 'live' });
      }
      opts.onMessage(message);
    };
    ws.onerror = () => {
      // A close event always follows; the retry is scheduled there.
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return;
      // A refused token may only have expired between renewal and use: one fresh try, then stop.
      if (ev.code === CLOSE_UNAUTHORIZED) refusals += 1;
      if (refusals >= 2) {
        report({ kind: 'refused' });
        return;
      }
      scheduleRetry();
    };
  }

  connect();
  return {
    retryNow() {
      if (stopped || socket) return;
      if (timer !== undefined) clearTimer(timer);
      refusals = 0;
      connect();
    },
    close() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      const ws = socket;
      socket = undefined;
      ws?.close(1000);
      report({ kind: 'closed' });
    },
  };
}
