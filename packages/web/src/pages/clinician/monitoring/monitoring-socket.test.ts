import { describe, expect, it } from 'vitest';
import {
  CLOSE_UNAUTHORIZED,
  connectMonitoring,
  monitoringSocketUrl,
  retryDelay,
  type ConnectionState,
  type SocketLike,
} from './monitoring-socket.ts';
import type { ServerMessage } from './monitoring.types.ts';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: string[] = [];
  closedWith: number | undefined;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
    this.onclose?.({ code: code ?? 1005 });
  }
  /** The server's side. */
  open() {
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

function harness(token: string | null = 'tok-1') {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const messages: ServerMessage[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  let clock = 1_000_000;
  const socket = connectMonitoring({
    url: 'ws://h/monitoring/ws',
    token: () => Promise.resolve(token ?? undefined),
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    now: () => clock,
    setTimer: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
    random: () => 1,
  });
  const fire = () => {
    const timer = timers.filter((t) => !t.cleared).at(-1)!;
    timer.cleared = true;
    clock += timer.ms;
    timer.fn();
  };
  /** Lets the token promise resolve. */
  const settle = () =>
    new Promise<void>((resolve) => {
      queueMicrotask(resolve);
    });
  return { socket, sockets, states, messages, timers, fire, settle };
}

describe('the monitoring socket', () => {
  it('builds the URL on the page’s origin, wss under https', () => {
    expect(monitoringSocketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe(
      'ws://localhost:8080/monitoring/ws',
    );
    expect(monitoringSocketUrl({ protocol: 'https:', host: 'hearth.example' })).toBe(
      'wss://hearth.example/monitoring/ws',
    );
  });

  it('sends the token as its first message and is live on ready, passing messages on', async () => {
    const h = harness();
    expect(h.states).toEqual([{ kind: 'connecting' }]);
    h.sockets[0]!.open();
    await h.settle();
    expect(h.sockets[0]!.sent).toEqual([JSON.stringify({ type: 'auth', token: 'tok-1' })]);
    h.sockets[0]!.receive({ type: 'ready' });
    expect(h.states.at(-1)).toEqual({ kind: 'live' });
    h.sockets[0]!.receive({
      type: 'news2',
      patientId: 'p',
      score: 5,
      band: 'medium',
      at: '2026-11-23T10:00:00Z',
    });
    h.sockets[0]!.receive({ type: 'nonsense' });
    expect(h.messages.map((m) => m.type)).toEqual(['ready', 'news2']);
  });

  it('reconnects after a drop with growing delays, and starts over once live again', async () => {
    const h = harness();
    h.sockets[0]!.open();
    await h.settle();
    h.sockets[0]!.receive({ type: 'ready' });
    h.sockets[0]!.drop();
    expect(h.states.at(-1)).toEqual({ kind: 'reconnecting', retryAt: 1_000_000 + 1_000, attempt: 1 });
    h.fire();
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.drop();
    expect(h.timers.at(-1)?.ms).toBe(2_000);
    h.fire();
    h.sockets[2]!.drop();
    expect(h.timers.at(-1)?.ms).toBe(4_000);
    h.fire();
    h.sockets[3]!.open();
    await h.settle();
    h.sockets[3]!.receive({ type: 'ready' });
    expect(h.states.at(-1)).toEqual({ kind: 'live' });
    h.sockets[3]!.drop();
    expect(h.timers.at(-1)?.ms).toBe(1_000);
  });

  it('caps the delay at 30 s and spreads clients out with jitter', () => {
    expect(retryDelay(1, () => 1)).toBe(1_000);
    expect(retryDelay(20, () => 1)).toBe(30_000);
    expect(retryDelay(20, () => 0)).toBe(15_000);
  });

  it('retries once after a refused token, then reports that signing in again is needed', async () => {
    const h = harness();
    h.sockets[0]!.open();
    await h.settle();
    h.sockets[0]!.drop(CLOSE_UNAUTHORIZED);
    expect(h.states.at(-1)?.kind).toBe('reconnecting');
    h.fire();
    h.sockets[1]!.open();
    await h.settle();
    h.sockets[1]!.drop(CLOSE_UNAUTHORIZED);
    expect(h.states.at(-1)).toEqual({ kind: 'refused' });
    expect(h.timers.filter((t) => !t.cleared)).toHaveLength(0);
  });

  it('does not connect without a token', async () => {
    const h = harness(null);
    h.sockets[0]!.open();
    await h.settle();
    expect(h.sockets[0]!.sent).toEqual([]);
    expect(h.sockets[0]!.closedWith).toBe(1000);
    expect(h.states.at(-1)).toEqual({ kind: 'refused' });
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects at once on request, and stops for good when closed', () => {
    const h = harness();
    h.sockets[0]!.drop();
    h.socket.retryNow();
    expect(h.sockets).toHaveLength(2);
    expect(h.timers[0]?.cleared).toBe(true);
    h.socket.close();
    expect(h.sockets[1]!.closedWith).toBe(1000);
    expect(h.states.at(-1)).toEqual({ kind: 'closed' });
    h.sockets[1]!.drop();
    expect(h.sockets).toHaveLength(2);
    expect(h.states.at(-1)).toEqual({ kind: 'closed' });
  });
});
