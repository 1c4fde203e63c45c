// RowPolicy → SQL (policy.ts decides, this file only translates). The condition is built for one
// `resources` row alias; when the row's type is fixed the branches that cannot apply are dropped, so a
// one-type search adds one or two semi-joins on indexed columns.
import type { RowCondition } from '../db/repository.types.ts';
import { parseQuery } from '../db/search/search.ts';
import { filterSql } from '../db/search/sql.ts';
import type { SqlParams } from '../db/search/sql-params.ts';
import { deniedPatientsSql } from './consent-sql.ts';
import { breakGlassSql, panelSql } from './panel-sql.ts';
import type { Branch, PatientSet, RowPolicy } from './policy.ts';
import { COMPARTMENT_TYPES, REFERENCE_TYPES } from './resource-classes.ts';

// `all` keeps every part even when one is false: a part may hold parameters, and PostgreSQL refuses a
// statement with a parameter no clause uses.
const all = (parts: string[]) => {
  const kept = parts.filter((s) => s !== 'true');
  if (kept.length === 0) return 'true';
  return kept.length === 1 ? kept[0]! : `(${kept.join(' AND ')})`;
};
const any = (parts: string[]) => {
  const kept = parts.filter((s) => s !== 'false');
  if (kept.length > 0 && kept.every((s) => s === 'true')) return 'true';
  if (kept.length === 1) return kept[0]!;
  return kept.length === 0 ? 'false' : `(${kept.join(' OR ')})`;
};

/** `now` (ISO instant) bounds break-the-glass grants. */
export function rowCondition(policy: RowPolicy, now: string): RowCondition {
  return (a, type, p) => {
    const branches = policy.branches.filter((b) => type === undefined || b.type === '*' || b.type === type);
    const outside = policy.purpose === 'read' ? 'reference' : 'none';
    const parts = [any(branches.map((b) => branchSql(b, { a, type, p, now, outside })))];
    if (policy.role === 'no-individual') parts.push(notIndividual(a, type, p));
    else if (policy.role) {
      const role = policy.role;
      parts.push(inPatients(() => patientSetSql(role, now, p), { a, type, p, outside }));
    }
    for (const exclusion of policy.exclusions) {
      const touched = inPatients(() => deniedPatientsSql(exclusion, { now, rowType: type }, p), {
        a,
        type,
        p,
        outside: 'none',
      });
      if (touched !== 'false') parts.push(`NOT ${touched}`);
    }
    return all(parts);
  };
}

interface At {
  a: string;
  type: string | undefined;
  p: SqlParams;
  /** Rows of shared reference types: admitted (`reference`) or not (`none`) by a patient restriction. */
  outside: 'reference' | 'none';
}

function branchSql(branch: Branch, at: At & { now: string }): string {
  const { a, type, p } = at;
  const rowType = type ?? (branch.type === '*' ? undefined : branch.type);
  const parts: string[] = [];
  if (type === undefined && branch.type !== '*') parts.push(`${a}.resource_type = ${p.add(branch.type)}`);
  const patients = branch.patients;
  if (patients) parts.push(inPatients(() => patientSetSql(patients, at.now, p), { ...at, type: rowType }));
  if (branch.constraint) parts.push(constraintSql(branch.type, branch.constraint, a, p));
  return all(parts);
}

/** The patient ids of a set as a subquery (or a parameter list); undefined for the empty set. */
export function patientSetSql(set: PatientSet, now: string, p: SqlParams): string | undefined {
  if (set.kind === 'ids') return set.ids.length > 0 ? `SELECT unnest(${p.add(set.ids)}::text[])` : undefined;
  const granted = breakGlassSql(set.userId, now, p);
  return `${panelSql(set, p)} UNION ${granted}`;
}

/**
 * The row is one of the patients, or in one of their compartments (search.html#compartments). `set` is
 * built only when the row's type needs it: PostgreSQL cannot type a parameter no clause uses.
 */
function inPatients(set: () => string | undefined, at: At): string {
  const { a, type, p } = at;
  let built: string | null | undefined;
  const ids = () => (built ??= set() ?? null);
  const self = () => (ids() === null ? 'false' : `${a}.id IN (${ids()})`);
  const member = () => {
    if (ids() === null) return 'false';
    // Uncorrelated, so the planner builds the set once (a hashed subplan), not once per row.
    const c = p.alias('ac');
    if (type !== undefined) {
      return `${a}.id IN (SELECT ${c}.resource_id FROM idx_compartment ${c} WHERE ${c}.resource_type = ${p.add(type)} AND ${c}.patient_id IN (${ids()}))`;
    }
    return `(${a}.resource_type, ${a}.id) IN (SELECT ${c}.resource_type, ${c}.resource_id FROM idx_compartment ${c} WHERE ${c}.patient_id IN (${ids()}))`;
  };
  const shared = at.outside === 'reference' ? 'true' : 'false';
  if (type === 'Patient') return any([self(), member()]);
  if (type !== undefined && COMPARTMENT_TYPES.includes(type)) return member();
  if (type !== undefined) return REFERENCE_TYPES.includes(type) ? shared : 'false';
  return any([
    all([`${a}.resource_type = 'Patient'`, any([self(), member()])]),
    all([`${a}.resource_type = ANY(${p.add(COMPARTMENT_TYPES)}::text[])`, member()]),
    all([`${a}.resource_type = ANY(${p.add(REFERENCE_TYPES)}::text[])`, shared]),
  ]);
}

function notIndividual(a: string, type: string | undefined, p: SqlParams): string {
  if (type === 'Patient' || (type !== undefined && COMPARTMENT_TYPES.includes(type))) return 'false';
  if (type !== undefined) return 'true';
  return `NOT (${a}.resource_type = ANY(${p.add(['Patient', ...COMPARTMENT_TYPES])}::text[]))`;
}

/** A granular scope's constraint as search filters on the row; one the server cannot evaluate admits nothing. */
function constraintSql(type: string, constraint: Branch['constraint'], a: string, p: SqlParams): string {
  try {
    const search = parseQuery(type, constraint ?? [], { baseUrl: '', handling: 'strict' });
    return all(search.filters.map((f) => filterSql(f, { alias: a, type }, p)));
  } catch {
    return 'false';
  }
}
