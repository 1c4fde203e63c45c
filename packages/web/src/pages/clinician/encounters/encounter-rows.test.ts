import type { Encounter } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { encounterRows } from './encounter-rows.ts';

function encounter(id: string, start: string, extra: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { code: 'AMB', display: 'ambulatory' },
    period: { start },
    ...extra,
  };
}

describe('encounterRows', () => {
  it('orders newest first across time zones and reads type, class and reasons', () => {
    const rows = encounterRows([
      encounter('a', '2026-01-01T10:00:00+02:00'),
      encounter('b', '2026-01-01T09:00:00Z', {
        type: [{ coding: [{ code: '185349003', display: 'Encounter for check up' }] }],
        reasonCode: [{ text: 'Cough' }, { coding: [{ code: '386661006', display: 'Fever' }] }],
      }),
      encounter('c', '2026-01-01T08:30:00Z', { status: 'entered-in-error' }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
    expect(rows[0]).toMatchObject({
      type: 'Encounter for check up',
      classCode: 'AMB',
      reasons: ['Cough', 'Fever'],
    });
  });
});
