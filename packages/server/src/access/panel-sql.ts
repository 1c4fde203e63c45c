// Subqueries returning patient ids, for row-sql.ts. All read the typed index tables, so they stay index
// scans and valid on Citus (DESIGN.md §4).
//
// A practitioner's organizations: those listed on their account (users.organizations, 0005_users.sql)
// and the `organization` of every PractitionerRole whose `practitioner` is them, unless that role is
// marked `active = false`. Their care teams: those listed on their account, and every CareTeam with
// them or one of their organizations as a participant member.
//
// A user whose fhirUser is a PractitionerRole (SMART app-launch.html#fhirUser allows it) acts in that
// role: its organization (unless the role is inactive), and as the role's practitioner and the role
// itself wherever a reference names "them" (general practitioner, care-team and encounter participant,
// all of which may point at a Practitioner or a PractitionerRole). The practitioner's other roles are not
// taken: a user signed in as one role does not act for the organizations of the others.
//
// A practitioner's panel — the patients they may see without breaking the glass — is every patient
//   1. whose Patient.managingOrganization is one of their organizations, or
//   2. whose Patient.generalPractitioner is the practitioner or one of their organizations, or
//   3. who is in the compartment of one of their care teams, or
//   4. who is the subject of an Encounter whose serviceProvider is one of their organizations or that
//      has the practitioner as a participant (a treatment relationship, past or present).
import type { SqlParams } from '../db/search/sql-params.ts';

/** Who the practitioner is: their Practitioner or PractitionerRole id (from fhirUser) and their account. */
export interface Clinician {
  practitionerId: string | undefined;
  practitionerRoleId?: string | undefined;
  userId: string;
}

/** The role is not marked `active = false`. */
function roleActive(roleColumn: string, p: SqlParams): string {
  const t = p.alias('t');
  return `NOT EXISTS (SELECT 1 FROM idx_token ${t} WHERE ${t}.resource_type = 'PractitionerRole' AND ${t}.resource_id = ${roleColumn} AND ${t}.param = 'active' AND ${t}.code = 'false')`;
}

/**
 * A reference (alias `r` of idx_reference) names the clinician: their Practitioner, or for a role user the
 * role and its practitioner. undefined when the account has neither.
 */
function namesClinician(who: Clinician, r: string, p: SqlParams): string | undefined {
  if (who.practitionerRoleId !== undefined) {
    const pr = p.alias('pr');
    const role = p.add(who.practitionerRoleId);
    const practitioner = `SELECT ${pr}.target_id FROM idx_reference ${pr} WHERE ${pr}.resource_type = 'PractitionerRole' AND ${pr}.resource_id = ${role} AND ${pr}.param = 'practitioner' AND ${pr}.target_type = 'Practitioner' AND ${roleActive(`${pr}.resource_id`, p)}`;
    return `((${r}.target_type = 'PractitionerRole' AND ${r}.target_id = ${role} AND ${roleActive(role, p)}) OR (${r}.target_type = 'Practitioner' AND ${r}.target_id IN (${practitioner})))`;
  }
  if (who.practitionerId === undefined) return undefined;
  return `(${r}.target_type = 'Practitioner' AND ${r}.target_id = ${p.add(who.practitionerId)})`;
}

/** `Organization/…` or `CareTeam/…` ids listed on the account. */
function accountMemberships(who: Clinician, type: 'Organization' | 'CareTeam', p: SqlParams): string {
  const [u, m] = [p.alias('u'), p.alias('um')];
  return `SELECT substr(${m}.ref, ${type.length + 2}) FROM users ${u} CROSS JOIN LATERAL jsonb_array_elements_text(${u}.organizations) AS ${m}(ref) WHERE ${u}.id = ${p.add(who.userId)} AND ${m}.ref LIKE ${p.add(`${type}/%`)}`;
}

export function organizationsSql(who: Clinician, p: SqlParams): string {
  const account = accountMemberships(who, 'Organization', p);
  const o = p.alias('o');
  if (who.practitionerRoleId !== undefined) {
    return `${account} UNION SELECT ${o}.target_id FROM idx_reference ${o} WHERE ${o}.resource_type = 'PractitionerRole' AND ${o}.resource_id = ${p.add(who.practitionerRoleId)} AND ${o}.param = 'organization' AND ${o}.target_type = 'Organization' AND ${roleActive(`${o}.resource_id`, p)}`;
  }
  if (who.practitionerId === undefined) return account;
  const pr = p.alias('pr');
  return `${account} UNION SELECT ${o}.target_id FROM idx_reference ${o} WHERE ${o}.resource_type = 'PractitionerRole' AND ${o}.param = 'organization' AND ${o}.target_type = 'Organization' AND ${o}.resource_id IN (SELECT ${pr}.resource_id FROM idx_reference ${pr} WHERE ${pr}.resource_type = 'PractitionerRole' AND ${pr}.param = 'practitioner' AND ${pr}.target_type = 'Practitioner' AND ${pr}.target_id = ${p.add(who.practitionerId)}) AND ${roleActive(`${o}.resource_id`, p)}`;
}

export function panelSql(who: Clinician, p: SqlParams): string {
  const orgs = () => organizationsSql(who, p);
  const [m, c, ct, e, ec] = ['m', 'c', 'ct', 'e', 'ec'].map((a) => p.alias(a)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const managed = `SELECT ${m}.resource_id FROM idx_reference ${m} WHERE ${m}.resource_type = 'Patient' AND ${m}.param IN ('organization', 'general-practitioner') AND ${m}.target_type = 'Organization' AND ${m}.target_id IN (${orgs()})`;
  const teamByOrg = `SELECT ${ct}.resource_id FROM idx_reference ${ct} WHERE ${ct}.resource_type = 'CareTeam' AND ${ct}.param = 'participant' AND ${ct}.target_type = 'Organization' AND ${ct}.target_id IN (${orgs()})`;
  const teams = [teamByOrg, accountMemberships(who, 'CareTeam', p)];
  const parts = [managed];
  const [t2, g2] = [p.alias('ct'), p.alias('g')];
  const teamByMe = namesClinician(who, t2, p);
  if (teamByMe !== undefined) {
    teams.push(
      `SELECT ${t2}.resource_id FROM idx_reference ${t2} WHERE ${t2}.resource_type = 'CareTeam' AND ${t2}.param = 'participant' AND ${teamByMe}`,
    );
  }
  const gpIsMe = namesClinician(who, g2, p);
  if (gpIsMe !== undefined) {
    parts.push(
      `SELECT ${g2}.resource_id FROM idx_reference ${g2} WHERE ${g2}.resource_type = 'Patient' AND ${g2}.param = 'general-practitioner' AND ${gpIsMe}`,
    );
  }
  parts.push(
    `SELECT ${c}.patient_id FROM idx_compartment ${c} WHERE ${c}.resource_type = 'CareTeam' AND ${c}.resource_id IN (${teams.join(' UNION ')})`,
  );
  // One semi-join per tie, each led by the target index (an OR of ties would scan every Encounter link).
  const encounters = [
    `SELECT ${e}.resource_id FROM idx_reference ${e} WHERE ${e}.target_id IN (${orgs()}) AND ${e}.target_type = 'Organization' AND ${e}.param = 'service-provider' AND ${e}.resource_type = 'Encounter'`,
  ];
  const e2 = p.alias('e');
  const participantIsMe = namesClinician(who, e2, p);
  if (participantIsMe !== undefined) {
    encounters.push(
      `SELECT ${e2}.resource_id FROM idx_reference ${e2} WHERE ${participantIsMe} AND ${e2}.param = 'participant' AND ${e2}.resource_type = 'Encounter'`,
    );
  }
  parts.push(
    `SELECT ${ec}.patient_id FROM idx_compartment ${ec} WHERE ${ec}.resource_type = 'Encounter' AND ${ec}.resource_id IN (${encounters.join(' UNION ')})`,
  );
  return parts.join(' UNION ');
}

/** Patients a user holds an unexpired break-the-glass grant for (0008_access.sql). */
export function breakGlassSql(userId: string, now: string, p: SqlParams): string {
  const b = p.alias('b');
  return `SELECT ${b}.patient_id FROM access_break_glass ${b} WHERE ${b}.user_id = ${p.add(userId)} AND ${b}.expires_at > ${p.add(now)}::timestamptz`;
}
