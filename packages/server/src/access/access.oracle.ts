// An independent model of who may see what in the access.fixtures.ts population, for the property test:
// plain loops over the fixture's facts (each resource's patients and category, each practitioner's panel
// as worked out by hand in the fixture's header), no SQL and no code shared with the access layer.
import type { Resource } from '@medplum/fhirtypes';
import type { AccessContext } from '../db/repository.types.ts';
import { POPULATION, VITALS_SCOPE } from './access.fixtures.ts';

const REFERENCE = ['Organization', 'Practitioner', 'PractitionerRole'];
/**
 * Practitioner → patients they see: organization ties, minus sharing opt-outs (carol refused outside-b).
 * A user signed in as a PractitionerRole sees what its organization and practitioner tie them to: role-a
 * is dr-a at hosp-a, role-b is dr-b at outside-b.
 */
const PANELS: Record<string, string[]> = {
  'Practitioner/dr-a': ['alice', 'carol'],
  'Practitioner/dr-b': ['bob'],
  'PractitionerRole/role-a': ['alice', 'carol'],
  'PractitionerRole/role-b': ['bob'],
};

export interface Fact {
  type: string;
  id: string;
  patients: string[];
  vital: boolean;
  derivedFrom: string[];
}

const id = (ref: string | undefined) => ref?.split('/')[1];

function fact(r: Resource): Fact {
  const any = r as unknown as Record<string, { reference?: string } | { reference?: string }[] | undefined>;
  const owner =
    r.resourceType === 'Patient'
      ? r.id
      : id(
          (any.subject as { reference?: string } | undefined)?.reference ??
            (any.patient as { reference?: string } | undefined)?.reference,
        );
  const json = JSON.stringify(r);
  return {
    type: r.resourceType,
    id: r.id!,
    patients: owner ? [owner] : [],
    vital: json.includes('"vital-signs"'),
    derivedFrom: ((any.derivedFrom as { reference?: string }[] | undefined) ?? []).map((d) => d.reference!),
  };
}

export const FACTS: Fact[] = POPULATION.map(fact);

interface ModelGrant {
  context: string;
  type: string;
  letters: string;
  vitalsOnly: boolean;
}

function grants(scopes: readonly string[]): ModelGrant[] {
  return scopes.map((s) => {
    const [context, rest] = s.split('/') as [string, string];
    const [type, letters] = rest.split('?')[0]!.split('.') as [string, string];
    // SMART v1 `.read` is v2 `.rs`.
    return { context, type, letters: letters === 'read' ? 'rs' : letters, vitalsOnly: s === VITALS_SCOPE };
  });
}

const individual = (f: Fact) => !REFERENCE.includes(f.type);

function inSet(f: Fact, patients: readonly string[]): boolean {
  return !individual(f) || f.patients.some((p) => patients.includes(p));
}

function launchPatients(ctx: AccessContext): readonly string[] {
  if (ctx.patient) return [ctx.patient];
  if (ctx.user?.role === 'patient') return [id(ctx.user.fhirUser)!];
  if (ctx.user?.role === 'caregiver') return ctx.proxyPatients ?? [];
  return [];
}

function usable(ctx: AccessContext, g: ModelGrant, type: string, letter: string): boolean {
  const contextOk = g.context === 'patient' || (g.context === 'user') === (ctx.user !== undefined);
  return contextOk && g.letters.includes(letter) && (g.type === '*' || g.type === type);
}

/** 403 before looking at any row: no scope allows the interaction, or the role sees no individual data. */
export function typeRefused(ctx: AccessContext, type: string, letter: 'r' | 's'): boolean {
  const role = ctx.user?.role;
  if ((role === 'researcher' || role === 'public-health') && !REFERENCE.includes(type)) return true;
  return !grants(ctx.scopes).some((g) => usable(ctx, g, type, letter));
}

export function visible(ctx: AccessContext, f: Fact, letter: 'r' | 's'): boolean {
  const byScope = grants(ctx.scopes).some(
    (g) =>
      usable(ctx, g, f.type, letter) &&
      (g.context !== 'patient' || inSet(f, launchPatients(ctx))) &&
      (!g.vitalsOnly || f.vital),
  );
  if (!byScope) return false;
  const user = ctx.user;
  switch (user?.role) {
    case undefined:
    case 'admin':
      return true;
    case 'practitioner':
      return inSet(f, PANELS[user.fhirUser ?? ''] ?? []);
    case 'patient':
      return inSet(f, [id(user.fhirUser)!]);
    case 'caregiver':
      return inSet(f, ctx.proxyPatients ?? []);
    case 'researcher':
    case 'public-health':
      return !individual(f);
  }
}
