// vread and instance history judge each version by ITS patient compartment, not the current one's
// (issue #3 point 4): an Observation moved from Patient A to Patient B shows A its versions that were in
// A's record and B only those in B's. A version in the same compartment as the current row is visible
// exactly when the current row is (scopes, granular constraints, role, Consent all judged in SQL on the
// current row). A version in another compartment is visible when the policy admits one of its patients
// (role, `patient/` launch context, Consent) through a scope without a granular constraint: such a
// constraint (`?category=…`) is evaluated on indexed values, which only the current version has, so it
// admits no version of another compartment (the strict reading).
import { extractIndexValues } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository, type SearchQuery } from '../db/repository.types.ts';
import { countMatches } from './guard-helpers.ts';
import type { RowPolicy } from './policy.ts';
import { rowCondition } from './row-sql.ts';

export interface VersionCheck {
  /** The repository the interaction runs in (its transaction, if any). */
  repo: Repository;
  baseUrl: string;
  now: Date;
  policy: RowPolicy;
  type: string;
  id: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** A judge of the versions of one instance; the current row is looked up once. */
export async function versionJudge(check: VersionCheck): Promise<(version: Resource) => Promise<boolean>> {
  const { repo, baseUrl, type, id, policy } = check;
  const now = check.now.toISOString();
  const query: SearchQuery = [['_id', id]];
  const current = await repo
    .search(SYSTEM_CONTEXT, type, query, { baseUrl, handling: 'strict' })
    .then((b) => b.entry?.[0]?.resource);
  const currentPatients = current ? extractIndexValues(current).patients : undefined;
  let currentVisible: Promise<boolean> | undefined;
  const patientAdmitted = new Map<string, Promise<boolean>>();

  // The policy, without granular constraints, asked about a Patient row: is this patient one of the
  // caller's (role, launch context) and not excluded by Consent?
  const eligible = policy.branches.filter((b) => (b.type === '*' || b.type === type) && !b.constraint);
  const asPatient: RowPolicy = {
    ...policy,
    branches: eligible.map((b) => ({ type: 'Patient', ...(b.patients ? { patients: b.patients } : {}) })),
  };
  const admits = (patient: string) => {
    let known = patientAdmitted.get(patient);
    if (!known) {
      const access = rowCondition(asPatient, now);
      known = countMatches(repo, { baseUrl, type: 'Patient', query: [['_id', patient]], access }).then(
        (n) => n > 0,
      );
      patientAdmitted.set(patient, known);
    }
    return known;
  };

  return async (version) => {
    const patients = extractIndexValues(version).patients;
    if (currentPatients && sameSet(patients, currentPatients)) {
      currentVisible ??= countMatches(repo, { baseUrl, type, query, access: rowCondition(policy, now) }).then(
        (n) => n > 0,
      );
      return currentVisible;
    }
    if (eligible.length === 0) return false;
    if (patients.length === 0) return policy.role === undefined && eligible.some((b) => !b.patients);
    for (const patient of patients) if (await admits(patient)) return true;
    return false;
  };
}
