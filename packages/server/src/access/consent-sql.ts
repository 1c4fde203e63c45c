// Consent enforcement (issue #3 point 5; FHIR R4 consent.html): the patients whose active Consent denies
// the access at hand, as a subquery of patient ids for row-sql.ts. Evaluated in SQL (a recursive walk of
// each candidate Consent's provision tree), so it holds in searches, reads, includes, exports and inside
// transactions alike.
//
// The access at hand (a ConsentCheck) is a purpose of use (v3-ActReason: TREAT for care and exchange,
// HRESEARCH for research), the actors who would see the data (the practitioner, their PractitionerRoles
// and organizations, the organization of the app — auth/clients.ts), and the resource type of the row.
// Only Consents whose scope fits are read: `patient-privacy` for care and exchange, `research` and
// `patient-privacy` for research.
//
// The rules (consent.html#provision: "nested provisions … are exceptions to the base policy"):
// - A provision applies when each of its conditions holds: `period` contains now (compared at the
//   precision it is given), one of its `actor` references is one of the actors, one of its `purpose`
//   codes is the purpose, one of its `class` codes (http://hl7.org/fhir/resource-types) is the row's
//   type, one of its `action` codes is access, use or disclose. A missing condition always holds.
// - A nested provision is considered only when its parent applies; it inherits its parent's type when it
//   has none. The root's type defaults to deny under a policyRule of OPTOUT, otherwise permit.
// - The most specific (deepest) applying provision decides; at equal depth deny wins. A Consent whose
//   root does not apply says nothing about this access (permitted).
// - Strict reading of what the server cannot evaluate: a provision limited by `securityLabel`, `code`,
//   `data` or `dataPeriod`, or by `class` when the row's type is not fixed (a search across types), is
//   taken to apply when it denies and not to apply when it permits. References are compared as written
//   (`Organization/x`).
// - A running break-the-glass grant overrides a care-time denial for its practitioner (HL7 v3-ActReason
//   BTG): that is what breaking the glass is for, and it is flagged, time-limited and notified.
import type { SqlParams } from '../db/search/sql-params.ts';
import { breakGlassSql, organizationsSql, type Clinician } from './panel-sql.ts';

export const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';
/** consent.html#provision action codes (consentaction) that a read or an exchange performs. */
const READ_ACTIONS = ['access', 'use', 'disclose'];

export type ConsentScope = 'research' | 'patient-privacy';

/** The access a Consent is asked about (policy.ts builds it from the caller). */
export interface ConsentCheck {
  kind: 'consent';
  /** v3-ActReason purpose of use. */
  purpose: 'TREAT' | 'HRESEARCH';
  scopes: readonly ConsentScope[];
  /** Who would see the data: a practitioner (with their roles and organizations), an app's organization. */
  actors?: { clinician?: Clinician; organization?: string };
  /** The account whose running break-the-glass grants override a denial. */
  breakGlassUser?: string;
}

/** The references (`Type/id`) of the actors, as a one-column subquery; undefined when there are none. */
function actorRefsSql(actors: ConsentCheck['actors'], p: SqlParams): string | undefined {
  const parts: string[] = [];
  if (actors?.organization !== undefined)
    parts.push(`SELECT ${p.add(`Organization/${actors.organization}`)}::text`);
  const who = actors?.clinician;
  if (who) {
    const o = p.alias('ko');
    parts.push(`SELECT 'Organization/' || ${o}.id FROM (${organizationsSql(who, p)}) AS ${o}(id)`);
    if (who.practitionerId !== undefined)
      parts.push(`SELECT ${p.add(`Practitioner/${who.practitionerId}`)}::text`);
    if (who.practitionerRoleId !== undefined) {
      const r = p.alias('kr');
      const role = p.add(who.practitionerRoleId);
      parts.push(`SELECT ${p.add(`PractitionerRole/${who.practitionerRoleId}`)}::text`);
      parts.push(
        `SELECT 'Practitioner/' || ${r}.target_id FROM idx_reference ${r} WHERE ${r}.resource_type = 'PractitionerRole' AND ${r}.resource_id = ${role} AND ${r}.param = 'practitioner' AND ${r}.target_type = 'Practitioner'`,
      );
    }
  }
  return parts.length > 0 ? parts.join(' UNION ') : undefined;
}

interface Conditions {
  now: string;
  /** A jsonb expression of the jsonpath variables: `purpose`, `type`, `rt`, `refs` (the actors). */
  vars: string;
  rowType: string | undefined;
}

// jsonpath tests (SQL/JSON path, PostgreSQL 12+) rather than jsonb_array_elements subqueries: they are
// plain function calls, so the planner's cost estimate stays small (a subquery per provision element
// made it large enough to JIT-compile every statement, seconds each).
const ACTOR = `'$.actor[*].reference.reference ? (@ == $refs[*])'`;
const PURPOSE = `'$.purpose[*].code ? (@ == $purpose)'`;
const CLASS = `'$.class[*] ? (@.system == $rt && @.code == $type)'`;
const ACTION = `'$.action[*].coding[*].code ? (${READ_ACTIONS.map((a) => `@ == "${a}"`).join(' || ')})'`;
const OPT_OUT = `'$.policyRule.coding[*].code ? (@ == "OPTOUT" || @ == "OPTOUTE")'`;

/** The provision `node` (a jsonb expression) applies to the access; `decision` is its effective type. */
function appliesSql(node: string, decision: string, c: Conditions, p: SqlParams): string {
  const path = (jsonpath: string) => `jsonb_path_exists(${node}, ${jsonpath}, ${c.vars})`;
  const denies = `${decision} = 'deny'`;
  const start = `${node} #>> '{period,start}'`;
  const end = `${node} #>> '{period,end}'`;
  const now = p.add(c.now);
  const type = c.rowType === undefined ? denies : path(CLASS);
  const unevaluable = `(${node} ? 'securityLabel' OR ${node} ? 'code' OR ${node} ? 'data' OR ${node} ? 'dataPeriod')`;
  return [
    `(${start} IS NULL OR ${start} <= left(${now}::text, length(${start})))`,
    `(${end} IS NULL OR ${end} >= left(${now}::text, length(${end})))`,
    `(NOT ${node} ? 'actor' OR ${path(ACTOR)})`,
    `(NOT ${node} ? 'purpose' OR ${path(PURPOSE)})`,
    `(NOT ${node} ? 'class' OR ${type})`,
    `(NOT ${node} ? 'action' OR ${path(ACTION)})`,
    `(NOT ${unevaluable} OR ${denies})`,
  ].join(' AND ');
}

/** Active Consents of the check's scopes whose provisions deny the access, as a subquery of Consent ids. */
function denyingConsentsSql(check: ConsentCheck, c: Conditions, p: SqlParams): string {
  const [k, s, t, n, m, ch] = ['k', 'ks', 'kt', 'kn', 'km', 'kch'].map((a) => p.alias(a)) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const tree = p.alias('ktree');
  const root = `coalesce(${k}.content::jsonb -> 'provision', '{}'::jsonb)`;
  const optOut = `jsonb_path_exists(${k}.content::jsonb, ${OPT_OUT})`;
  const rootDecision = `coalesce(${root} ->> 'type', CASE WHEN ${optOut} THEN 'deny' ELSE 'permit' END)`;
  const child = `${ch}.node`;
  const childDecision = `coalesce(${child} ->> 'type', ${tree}.decision)`;
  const candidates = `SELECT ${s}.resource_id FROM idx_token ${s} WHERE ${s}.resource_type = 'Consent' AND ${s}.param = 'scope' AND ${s}.system = ${p.add(CONSENT_SCOPE)} AND ${s}.code = ANY(${p.add(check.scopes)}::text[]) AND ${s}.resource_id IN (SELECT ${t}.resource_id FROM idx_token ${t} WHERE ${t}.resource_type = 'Consent' AND ${t}.param = 'status' AND ${t}.code = 'active')`;
  return `WITH RECURSIVE ${tree}(consent_id, node, depth, decision) AS (
    SELECT ${k}.id, ${root}, 0, ${rootDecision} FROM resources ${k}
    WHERE ${k}.resource_type = 'Consent' AND NOT ${k}.deleted AND ${k}.id IN (${candidates})
      AND ${appliesSql(root, rootDecision, c, p)}
    UNION ALL
    SELECT ${tree}.consent_id, ${child}, ${tree}.depth + 1, ${childDecision} FROM ${tree}
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(${tree}.node -> 'provision', '[]'::jsonb)) AS ${ch}(node)
    WHERE ${appliesSql(child, childDecision, c, p)}
  )
  SELECT ${n}.consent_id FROM ${tree} ${n} WHERE ${n}.decision = 'deny'
    AND ${n}.depth = (SELECT max(${m}.depth) FROM ${tree} ${m} WHERE ${m}.consent_id = ${n}.consent_id)`;
}

/** The patients whose Consent denies the access to rows of `rowType` (undefined: any type), as a subquery. */
export function deniedPatientsSql(
  check: ConsentCheck,
  at: { now: string; rowType: string | undefined },
  p: SqlParams,
): string {
  const actors = actorRefsSql(check.actors, p);
  const a = p.alias('ka');
  const refs = actors
    ? `(SELECT coalesce(jsonb_agg(${a}.ref), '[]'::jsonb) FROM (${actors}) AS ${a}(ref))`
    : `'[]'::jsonb`;
  const vars = `jsonb_build_object('purpose', ${p.add(check.purpose)}::text, 'type', ${p.add(at.rowType ?? '')}::text, 'rt', ${p.add(RESOURCE_TYPES)}::text, 'refs', ${refs})`;
  const conditions: Conditions = { now: at.now, vars, rowType: at.rowType };
  const pt = p.alias('kp');
  const denied = `SELECT ${pt}.target_id FROM idx_reference ${pt} WHERE ${pt}.resource_type = 'Consent' AND ${pt}.param = 'patient' AND ${pt}.target_type = 'Patient' AND ${pt}.resource_id IN (${denyingConsentsSql(check, conditions, p)})`;
  if (check.breakGlassUser === undefined) return denied;
  return `${denied} AND ${pt}.target_id NOT IN (${breakGlassSql(check.breakGlassUser, at.now, p)})`;
}
