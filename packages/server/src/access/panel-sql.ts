// Subqueries returning patient ids, for row-sql.ts. All read the typed index tables, so they stay index
// scans and valid on Citus (DESIGN.md §4).
//
// A practitioner's organizations: the `organization` of every PractitionerRole whose `practitioner` is
// them, unless that role is marked `active = false`.
//
// A practitioner's panel — the patients they may see without breaking the glass — is every patient
//   1. whose Patient.managingOrganization is one of their organizations, or
//   2. whose Patient.generalPractitioner is the practitioner or one of their organizations, or
//   3. who is in the compartment of a CareTeam that has the practitioner or one of their organizations
//      as a participant member, or
//   4. who is the subject of an Encounter whose serviceProvider is one of their organizations or that
//      has the practitioner as a participant (a treatment relationship, past or present).
import type { SqlParams } from '../db/search/sql-params.ts';

export function organizationsSql(practitionerId: string, p: SqlParams): string {
  const pr = p.alias('pr');
  const o = p.alias('o');
  const t = p.alias('t');
  return `SELECT ${o}.target_id FROM idx_reference ${o} WHERE ${o}.resource_type = 'PractitionerRole' AND ${o}.param = 'organization' AND ${o}.target_type = 'Organization' AND ${o}.resource_id IN (SELECT ${pr}.resource_id FROM idx_reference ${pr} WHERE ${pr}.resource_type = 'PractitionerRole' AND ${pr}.param = 'practitioner' AND ${pr}.target_type = 'Practitioner' AND ${pr}.target_id = ${p.add(practitionerId)}) AND NOT EXISTS (SELECT 1 FROM idx_token ${t} WHERE ${t}.resource_type = 'PractitionerRole' AND ${t}.resource_id = ${o}.resource_id AND ${t}.param = 'active' AND ${t}.code = 'false')`;
}

export function panelSql(practitionerId: string, p: SqlParams): string {
  const orgs = () => organizationsSql(practitionerId, p);
  const me = () => p.add(practitionerId);
  const [m, g, c, ct, e, ec] = ['m', 'g', 'c', 'ct', 'e', 'ec'].map((a) => p.alias(a)) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return [
    `SELECT ${m}.resource_id FROM idx_reference ${m} WHERE ${m}.resource_type = 'Patient' AND ${m}.param IN ('organization', 'general-practitioner') AND ${m}.target_type = 'Organization' AND ${m}.target_id IN (${orgs()})`,
    `SELECT ${g}.resource_id FROM idx_reference ${g} WHERE ${g}.resource_type = 'Patient' AND ${g}.param = 'general-practitioner' AND ${g}.target_type = 'Practitioner' AND ${g}.target_id = ${me()}`,
    `SELECT ${c}.patient_id FROM idx_compartment ${c} WHERE ${c}.resource_type = 'CareTeam' AND ${c}.resource_id IN (SELECT ${ct}.resource_id FROM idx_reference ${ct} WHERE ${ct}.resource_type = 'CareTeam' AND ${ct}.param = 'participant' AND ((${ct}.target_type = 'Practitioner' AND ${ct}.target_id = ${me()}) OR (${ct}.target_type = 'Organization' AND ${ct}.target_id IN (${orgs()}))))`,
    `SELECT ${ec}.patient_id FROM idx_compartment ${ec} WHERE ${ec}.resource_type = 'Encounter' AND ${ec}.resource_id IN (SELECT ${e}.resource_id FROM idx_reference ${e} WHERE ${e}.resource_type = 'Encounter' AND ((${e}.param = 'service-provider' AND ${e}.target_type = 'Organization' AND ${e}.target_id IN (${orgs()})) OR (${e}.param = 'participant' AND ${e}.target_type = 'Practitioner' AND ${e}.target_id = ${me()})))`,
  ].join(' UNION ');
}

/** Patients a user holds an unexpired break-the-glass grant for (0008_access.sql). */
export function breakGlassSql(userId: string, now: string, p: SqlParams): string {
  const b = p.alias('b');
  return `SELECT ${b}.patient_id FROM access_break_glass ${b} WHERE ${b}.user_id = ${p.add(userId)} AND ${b}.expires_at > ${p.add(now)}::timestamptz`;
}
