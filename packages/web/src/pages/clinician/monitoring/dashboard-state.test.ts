import { describe, expect, it } from 'vitest';
import {
  addPoint,
  applyMessage,
  BUCKET_MS,
  liveStep,
  normalizeDashboard,
  parseServerMessage,
  rankPatients,
  sortAlerts,
  WINDOW_MS,
} from './dashboard-state.ts';
import type { AlertView, Dashboard, MonitoredPatient } from './monitoring.types.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function patient(id: string, extra: Partial<MonitoredPatient> = {}): MonitoredPatient {
  return { patientId: id, name: `Patient ${id}`, openAlerts: 0, series: {}, ...extra };
}

function alert(id: string, extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    flagId: `f-${id}`,
    patientId: 'p1',
    patientName: 'Patient p1',
    rule: 'news2',
    severity: 'medium',
    summary: 'NEWS2 6',
    details: {},
    createdAt: '2026-11-23T11:00:00Z',
    status: 'open',
    escalationLevel: 0,
    ...extra,
  };
}

describe('parseServerMessage', () => {
  it('reads each message type of the contract', () => {
    expect(parseServerMessage('{"type":"ready"}')).toEqual({ type: 'ready' });
    const a = alert('t1');
    expect(parseServerMessage(JSON.stringify({ type: 'alert', alert: a }))).toEqual({
      type: 'alert',
      alert: a,
    });
    expect(
      parseServerMessage(
        JSON.stringify({
          type: 'news2',
          patientId: 'p1',
          score: 7,
          band: 'high',
          at: '2026-11-23T11:00:00Z',
        }),
      ),
    ).toEqual({ type: 'news2', patientId: 'p1', score: 7, band: 'high', at: '2026-11-23T11:00:00Z' });
    expect(
      parseServerMessage(
        JSON.stringify({
          type: 'vitals',
          patientId: 'p1',
          code: '8867-4',
          value: 120,
          unit: '/min',
          time: '2026-11-23T11:00:00Z',
        }),
      ),
    ).toMatchObject({ type: 'vitals', value: 120 });
  });

  it('gives an alert without details an empty record', () => {
    const { details: _details, ...bare } = alert('t1');
    const parsed = parseServerMessage(JSON.stringify({ type: 'alert', alert: bare }));
    expect(parsed).toEqual({ type: 'alert', alert: { ...bare, details: {} } });
  });

  it('ignores what is not JSON, unknown types and malformed messages', () => {
    expect(parseServerMessage('not json')).toBeUndefined();
    expect(parseServerMessage('[1]')).toBeUndefined();
    expect(parseServerMessage('{"type":"hello"}')).toBeUndefined();
    expect(
      parseServerMessage(JSON.stringify({ type: 'alert', alert: { ...alert('t'), severity: 'x' } })),
    ).toBeUndefined();
    expect(
      parseServerMessage(JSON.stringify({ type: 'alert', alert: { ...alert('t'), createdAt: 'soon' } })),
    ).toBeUndefined();
    expect(
      parseServerMessage(
        JSON.stringify({ type: 'news2', patientId: 'p', score: 'high', band: 'high', at: 'x' }),
      ),
    ).toBeUndefined();
    expect(
      parseServerMessage(
        JSON.stringify({
          type: 'news2',
          patientId: 'p',
          score: 3,
          band: 'severe',
          at: '2026-11-23T11:00:00Z',
        }),
      ),
    ).toBeUndefined();
    expect(
      parseServerMessage(
        JSON.stringify({
          type: 'vitals',
          patientId: 'p',
          code: '8867-4',
          value: null,
          time: '2026-11-23T11:00:00Z',
        }),
      ),
    ).toBeUndefined();
  });
});

describe('ranking', () => {
  it('puts a 3 in a single parameter (low–medium) above an aggregate of 4 (low)', () => {
    const ranked = rankPatients([
      patient('four', { news2: { score: 4, band: 'low', at: '2026-11-23T11:00:00Z' } }),
      patient('three', { news2: { score: 3, band: 'low-medium', at: '2026-11-23T11:00:00Z' } }),
    ]);
    expect(ranked.map((p) => p.patientId)).toEqual(['three', 'four']);
  });

  it('puts the highest NEWS2 first, then more open alerts, patients without a score last', () => {
    const ranked = rankPatients([
      patient('a', { openAlerts: 3 }),
      patient('b', { news2: { score: 2, band: 'low', at: '2026-11-23T11:00:00Z' } }),
      patient('c', { news2: { score: 7, band: 'high', at: '2026-11-23T11:00:00Z' } }),
      patient('d', { news2: { score: 2, band: 'low', at: '2026-11-23T11:00:00Z' }, openAlerts: 1 }),
      patient('e', { news2: { score: 0, band: 'none', at: '2026-11-23T11:00:00Z' } }),
    ]);
    expect(ranked.map((p) => p.patientId)).toEqual(['c', 'd', 'b', 'e', 'a']);
  });

  it('lists unanswered alerts before acknowledged ones, the most severe and newest first', () => {
    const sorted = sortAlerts([
      alert('ack', { status: 'acknowledged', severity: 'high' }),
      alert('low', { severity: 'low' }),
      alert('old-high', { severity: 'high', createdAt: '2026-11-23T09:00:00Z' }),
      alert('new-high', { severity: 'high', status: 'escalated', createdAt: '2026-11-23T10:00:00Z' }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['new-high', 'old-high', 'low', 'ack']);
  });
});

describe('applyMessage', () => {
  const base: Dashboard = normalizeDashboard({
    patients: [
      patient('p1'),
      patient('p2', { news2: { score: 3, band: 'low-medium', at: '2026-11-23T10:00:00Z' } }),
    ],
    alerts: [],
  });

  it('adds a new alert, counts it on its patient and re-ranks', () => {
    const next = applyMessage(base, { type: 'alert', alert: alert('t1') }, NOW);
    expect(next.alerts.map((a) => a.id)).toEqual(['t1']);
    expect(next.patients.find((p) => p.patientId === 'p1')?.openAlerts).toBe(1);
    // p2 still first (a NEWS2 score beats none), p1 second.
    expect(next.patients.map((p) => p.patientId)).toEqual(['p2', 'p1']);
  });

  it('replaces an alert by its Task id when it changes, and an acknowledgement closes it on the patient', () => {
    const one = applyMessage(base, { type: 'alert', alert: alert('t1') }, NOW);
    const acked = applyMessage(
      one,
      { type: 'alert', alert: alert('t1', { status: 'acknowledged', acknowledgedBy: 'Dr A' }) },
      NOW,
    );
    expect(acked.alerts).toHaveLength(1);
    expect(acked.alerts[0]?.status).toBe('acknowledged');
    expect(acked.patients.find((p) => p.patientId === 'p1')?.openAlerts).toBe(0);
  });

  it('adds the patient of an alert that is not on the dashboard yet, with the alert’s name', () => {
    const next = applyMessage(
      base,
      { type: 'alert', alert: alert('t9', { patientId: 'p9', patientName: 'New Person' }) },
      NOW,
    );
    expect(next.patients.find((p) => p.patientId === 'p9')).toMatchObject({
      name: 'New Person',
      openAlerts: 1,
    });
  });

  it('keeps whether a live NEWS2 is partial', () => {
    const message = parseServerMessage(
      JSON.stringify({
        type: 'news2',
        patientId: 'p1',
        score: 9,
        band: 'high',
        complete: false,
        at: '2026-11-23T11:00:00Z',
      }),
    )!;
    expect(applyMessage(base, message, NOW).patients[0]?.news2).toEqual({
      score: 9,
      band: 'high',
      complete: false,
      at: '2026-11-23T11:00:00Z',
    });
  });

  it('updates NEWS2 and moves the patient up, but never back to an older score', () => {
    const next = applyMessage(
      base,
      { type: 'news2', patientId: 'p1', score: 8, band: 'high', at: '2026-11-23T11:00:00Z' },
      NOW,
    );
    expect(next.patients[0]).toMatchObject({ patientId: 'p1', news2: { score: 8, band: 'high' } });
    const stale = applyMessage(
      next,
      { type: 'news2', patientId: 'p1', score: 1, band: 'low', at: '2026-11-23T10:30:00Z' },
      NOW,
    );
    expect(stale.patients[0]?.news2?.score).toBe(8);
  });

  it('leaves out NEWS2 and vitals of patients it does not list (the page refetches those)', () => {
    expect(
      applyMessage(
        base,
        { type: 'news2', patientId: 'zz', score: 5, band: 'medium', at: '2026-11-23T11:00:00Z' },
        NOW,
      ),
    ).toBe(base);
    expect(
      applyMessage(
        base,
        {
          type: 'vitals',
          patientId: 'zz',
          code: '8867-4',
          value: 90,
          unit: '/min',
          time: '2026-11-23T11:00:00Z',
        },
        NOW,
      ),
    ).toBe(base);
  });

  it('appends live vitals to the patient’s sparkline', () => {
    const next = applyMessage(
      base,
      {
        type: 'vitals',
        patientId: 'p1',
        code: '8867-4',
        value: 121,
        unit: '/min',
        time: '2026-11-23T11:59:00Z',
      },
      NOW,
    );
    expect(next.patients.find((p) => p.patientId === 'p1')?.series['8867-4']).toEqual([
      [Date.parse('2026-11-23T11:59:00Z'), 121],
    ]);
  });
});

describe('addPoint', () => {
  it('keeps one point per 15-minute bucket, the newest', () => {
    const t0 = Math.floor(NOW / BUCKET_MS) * BUCKET_MS - BUCKET_MS;
    let points = addPoint([], [t0 + 1_000, 80], NOW);
    points = addPoint(points, [t0 + 60_000, 90], NOW);
    expect(points).toEqual([[t0 + 60_000, 90]]);
    // A late reading older than the one in its bucket does not replace it.
    points = addPoint(points, [t0 + 30_000, 70], NOW);
    expect(points).toEqual([[t0 + 60_000, 90]]);
    points = addPoint(points, [t0 + BUCKET_MS, 95], NOW);
    expect(points).toEqual([
      [t0 + 60_000, 90],
      [t0 + BUCKET_MS, 95],
    ]);
  });

  it('drops points older than 24 hours', () => {
    const old: [number, number] = [NOW - WINDOW_MS - 1, 60];
    expect(addPoint([old], [NOW - 1_000, 70], NOW)).toEqual([[NOW - 1_000, 70]]);
    expect(addPoint([], old, NOW)).toEqual([]);
  });
});

describe('liveStep', () => {
  const base: Dashboard = normalizeDashboard({ patients: [patient('p1')], alerts: [] });

  it('refetches when the feed is ready (again), so nothing said while it was down is missed', () => {
    expect(liveStep(base, { type: 'ready' }, NOW)).toEqual({ refetch: true });
  });

  it('announces an alert the first time only', () => {
    const first = liveStep(base, { type: 'alert', alert: alert('t1') }, NOW);
    expect(first.arrived?.id).toBe('t1');
    expect(first.next?.alerts.map((a) => a.id)).toEqual(['t1']);
    const again = liveStep(first.next, { type: 'alert', alert: alert('t1', { status: 'escalated' }) }, NOW);
    expect(again.arrived).toBeUndefined();
    expect(again.next?.alerts[0]?.status).toBe('escalated');
  });

  it('refetches for a patient it does not list, and waits for the first fetch before applying anything', () => {
    const unknown = {
      type: 'news2',
      patientId: 'zz',
      score: 5,
      band: 'medium',
      at: '2026-11-23T11:00:00Z',
    } as const;
    expect(liveStep(base, unknown, NOW)).toEqual({ refetch: true });
    expect(liveStep(undefined, { type: 'alert', alert: alert('t1') }, NOW)).toEqual({ refetch: false });
  });
});
