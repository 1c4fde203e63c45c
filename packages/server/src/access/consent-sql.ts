// Consent enforcement (issue #3 point 5; FHIR R4 consent.html): patients excluded by their active Consent
// resources, as subqueries of patient ids. Only the top-level provision is read (a deny provision with
// the exceptions left out), the strict reading: a patient who said no is excluded.
//
// - Research opt-out: Consent.status = active, Consent.scope = consentscope#research,
//   provision.type = deny. Excluded from researchers' aggregates and from research exports.
// - Sharing opt-out: Consent.status = active, Consent.scope = consentscope#patient-privacy,
//   provision.type = deny, provision.actor = an Organization. Excluded for the users of that
//   organization (a practitioner with a PractitionerRole there), even when the organization otherwise
//   ties them to the patient. A running break-the-glass grant overrides it: that is what breaking the
//   glass is for (HL7 v3-ActReason BTG), and it is flagged, time-limited and notified.
import type { SqlParams } from '../db/search/sql-params.ts';
import { breakGlassSql, organizationsSql } from './panel-sql.ts';
import type { Exclusion } from './policy.ts';

export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

/**
 * Active deny Consents of one scope among `among` (a subquery of Consent ids, led by an index), as a
 * subquery of Consent ids. The provision's type is read from the JSON of those few rows only.
 */
function denyConsents(scope: 'research' | 'patient-privacy', among: string, p: SqlParams): string {
  const [k, s, c] = [p.alias('k'), p.alias('ks'), p.alias('kc')];
  return `SELECT ${k}.id FROM resources ${k} WHERE ${k}.resource_type = 'Consent' AND ${k}.id IN (${among}) AND NOT ${k}.deleted AND ${k}.id IN (SELECT ${s}.resource_id FROM idx_token ${s} WHERE ${s}.resource_type = 'Consent' AND ${s}.param = 'status' AND ${s}.code = 'active') AND ${k}.id IN (SELECT ${c}.resource_id FROM idx_token ${c} WHERE ${c}.resource_type = 'Consent' AND ${c}.param = 'scope' AND ${c}.system = ${p.add(CONSENT_SCOPE)} AND ${c}.code = ${p.add(scope)}) AND (${k}.content::jsonb #>> '{provision,type}') = 'deny'`;
}

/** The patients an exclusion removes, as a subquery; undefined when it removes nobody. */
export function excludedPatientsSql(exclusion: Exclusion, now: string, p: SqlParams): string | undefined {
  const pt = p.alias('kp');
  const patients = (consents: string) =>
    `SELECT ${pt}.target_id FROM idx_reference ${pt} WHERE ${pt}.resource_type = 'Consent' AND ${pt}.param = 'patient' AND ${pt}.target_type = 'Patient' AND ${pt}.resource_id IN (${consents})`;
  switch (exclusion.kind) {
    case 'research-opt-out': {
      const r = p.alias('kr');
      const research = `SELECT ${r}.resource_id FROM idx_token ${r} WHERE ${r}.resource_type = 'Consent' AND ${r}.param = 'scope' AND ${r}.code = 'research'`;
      return patients(denyConsents('research', research, p));
    }
    case 'organization-opt-out': {
      const a = p.alias('ka');
      const orgs = organizationsSql(exclusion, p);
      const naming = `SELECT ${a}.resource_id FROM idx_reference ${a} WHERE ${a}.target_id IN (${orgs}) AND ${a}.target_type = 'Organization' AND ${a}.param = 'actor' AND ${a}.resource_type = 'Consent'`;
      const overridden = breakGlassSql(exclusion.userId, now, p);
      return `${patients(denyConsents('patient-privacy', naming, p))} AND ${pt}.target_id NOT IN (${overridden})`;
    }
  }
}
