// The patient choices on the consent screen (SMART `launch/patient` in a standalone launch): a patient
// user gets their own record, a caregiver picks among the patients they are proxy for, anyone else
// searches by name. Lookups run as the signed-in user, so access control decides what they may see.
import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { AccessContext } from '../db/repository.types.ts';
import type { PatientChoice, PatientOption } from './consent-page.ts';
import type { AuthUser } from './identity-port.ts';
import type { OAuthContext } from './oauth-context.ts';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function userAccessContext(user: AuthUser): AccessContext {
  return {
    actor: user.fhirUser ?? `User/${user.id}`,
    scopes: ['user/Patient.rs'],
    user: { id: user.id, role: user.role, ...(user.fhirUser ? { fhirUser: user.fhirUser } : {}) },
    ...(user.proxyPatients.length > 0 ? { proxyPatients: user.proxyPatients } : {}),
  };
}

/** The user's own patient id when their account is linked to a Patient. */
export function ownPatientId(user: AuthUser): string | undefined {
  const m = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(user.fhirUser ?? '');
  return m?.[1];
}

function label(p: Patient): string {
  const name: HumanName | undefined = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
  const born = p.birthDate ? `, born ${p.birthDate}` : '';
  return `${text || `Patient ${p.id!}`}${born}`;
}

/** The patient's display label, or undefined when the user may not see it (or it does not exist). */
export async function patientLabel(
  ctx: OAuthContext,
  user: AuthUser,
  id: string,
): Promise<string | undefined> {
  if (!FHIR_ID.test(id)) return undefined;
  try {
    return label((await ctx.repo.read(userAccessContext(user), 'Patient', id)) as Patient);
  } catch {
    return undefined;
  }
}

async function search(ctx: OAuthContext, user: AuthUser, query: string): Promise<PatientOption[]> {
  const bundle = await ctx.repo.search(
    userAccessContext(user),
    'Patient',
    [
      ['name', query],
      ['_count', '20'],
    ],
    { baseUrl: `${ctx.baseUrl}/fhir`, handling: 'lenient' },
  );
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'outcome' && e.resource?.resourceType === 'Patient')
    .map((e) => ({ id: e.resource!.id!, label: label(e.resource as Patient) }));
}

export async function patientChoice(
  ctx: OAuthContext,
  user: AuthUser,
  query: string | undefined,
): Promise<PatientChoice> {
  const own = ownPatientId(user);
  if (user.role === 'patient') {
    // A patient account works with its own record only; without a linked record there is nothing to pick.
    if (!own) return { kind: 'pick', options: [], searchable: false };
    return { kind: 'fixed', label: (await patientLabel(ctx, user, own)) ?? `Patient ${own}` };
  }
  if (user.role === 'caregiver') {
    const options = await Promise.all(
      user.proxyPatients.map(async (id) => ({
        id,
        label: (await patientLabel(ctx, user, id)) ?? `Patient ${id}`,
      })),
    );
    return { kind: 'pick', options, searchable: false };
  }
  const q = query?.trim();
  return {
    kind: 'pick',
    options: q ? await search(ctx, user, q) : [],
    searchable: true,
    ...(q ? { query: q } : {}),
  };
}

/** The patient a decision may use: own record, one of a caregiver's proxies, or one the user can read. */
export async function allowedPatient(
  ctx: OAuthContext,
  user: AuthUser,
  chosen: string | undefined,
): Promise<string | undefined> {
  if (user.role === 'patient') return ownPatientId(user);
  if (!chosen || !FHIR_ID.test(chosen)) return undefined;
  if (user.role === 'caregiver') return user.proxyPatients.includes(chosen) ? chosen : undefined;
  return (await patientLabel(ctx, user, chosen)) ? chosen : undefined;
}
