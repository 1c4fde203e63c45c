// Research use (issue #3 point 5): the rows of patients who opted out of research (consent-sql.ts) are
// left out of research exports — the exclusion researchers' aggregates get — along with everything in
// those patients' records. Shared reference data stays.
import type { RowCondition } from '../db/repository.types.ts';
import { rowCondition } from './row-sql.ts';

export function researchUseCondition(now: Date): RowCondition {
  const policy = {
    branches: [{ type: '*' }],
    role: undefined,
    exclusions: [{ kind: 'research-opt-out' as const }],
    purpose: 'read' as const,
  };
  return rowCondition(policy, now.toISOString());
}
