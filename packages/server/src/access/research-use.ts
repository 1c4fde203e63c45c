// Research use (issue #3 point 5): the rows of patients whose Consent denies research use (consent-sql.ts,
// purpose HRESEARCH) are left out of research exports — the exclusion researchers' aggregates get — along
// with everything in those patients' records (or only the resource types the Consent names). Shared
// reference data stays.
import type { RowCondition } from '../db/repository.types.ts';
import { RESEARCH_USE } from './policy.ts';
import { rowCondition } from './row-sql.ts';

export function researchUseCondition(now: Date): RowCondition {
  const policy = {
    branches: [{ type: '*' }],
    role: undefined,
    exclusions: [RESEARCH_USE],
    purpose: 'read' as const,
  };
  return rowCondition(policy, now.toISOString());
}
