import { describe, expect, it } from 'vitest';
import type { AlertView } from './monitoring.types.ts';
import { responderIds } from './responders.ts';

const alert = (owner?: string, acknowledgedBy?: string): AlertView => ({
  id: 't',
  flagId: 'f',
  patientId: 'p',
  patientName: 'P',
  rule: 'news2',
  severity: 'high',
  summary: 's',
  details: {},
  createdAt: '2026-11-23T10:00:00Z',
  status: 'open',
  escalationLevel: 0,
  ...(owner ? { owner } : {}),
  ...(acknowledgedBy ? { acknowledgedBy } : {}),
});

describe('responderIds', () => {
  it('groups the owners and acknowledgers to name by type, once each', () => {
    const ids = responderIds({
      patients: [],
      alerts: [
        alert('Practitioner/b', 'Practitioner/a'),
        alert('Practitioner/a'),
        alert('Organization/org-1'),
        alert('Dr Who', 'Device/x'),
      ],
    });
    expect([...ids]).toEqual([
      ['Practitioner', ['a', 'b']],
      ['Organization', ['org-1']],
    ]);
  });

  it('is empty without a dashboard', () => {
    expect(responderIds(undefined).size).toBe(0);
  });
});
