import type { Condition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { conditionRows } from './condition-rows.ts';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const condition = (id: string, status: string, onset: string, extra: Partial<Condition> = {}): Condition => ({
  resourceType: 'Condition',
  id,
  subject: { reference: 'Patient/p' },
  clinicalStatus: { coding: [{ system: CLINICAL, code: status }] },
  code: { coding: [{ display: `condition ${id}` }] },
  onsetDateTime: onset,
  ...extra,
});

describe('conditionRows', () => {
  it('lists ongoing conditions first (active, recurrence, relapse), each group newest first', () => {
    const rows = conditionRows([
      condition('resolved', 'resolved', '2024-01-01', { abatementDateTime: '2024-02-01' }),
      condition('old', 'active', '2010-01-01'),
      condition('relapse', 'relapse', '2020-01-01'),
      condition('refuted', 'active', '2022-01-01', {
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }],
        },
      }),
    ]);
    expect(rows.map((r) => [r.id, r.ongoing])).toEqual([
      ['relapse', true],
      ['old', true],
      ['resolved', false],
    ]);
    expect(rows[2]).toMatchObject({ name: 'condition resolved', ended: '2024-02-01' });
  });
});
