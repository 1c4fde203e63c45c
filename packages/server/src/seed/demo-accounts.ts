// The demo clinic's sign-in accounts (issue #4): a clinician, a patient of that clinician and an
// administrator, each linked to the synthetic FHIR resource that represents them (SMART App Launch 2.0
// `fhirUser`). The patient is the population's first; the clinician is their general practitioner, so the
// patient is on the clinician's panel (access/panel-sql.ts). Passwords are generated per installation,
// never fixed: a demo reachable on the network must not open with well-known credentials.
import type { Patient, Reference } from '@medplum/fhirtypes';
import { patientRecord, populationContext, type PopulationOptions } from '@hearth/synth';
import type { Queryable } from '../db/engine.ts';
import { generatePassword } from '../identity/passwords.ts';
import { createUser, findUserByUsername, type NewUser } from '../identity/users.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: NewUser['role'];
  fhirUser?: string;
  /** The clinician's organization, so its patients are on their panel. */
  organizations?: string[];
  /** What to try with it, for the start banner. */
  description: string;
}

function firstPatient(population: PopulationOptions): Patient {
  const record = patientRecord(populationContext(population), 0);
  const patient = record.find((r): r is Patient => r.resourceType === 'Patient');
  if (!patient) throw new Error('The synthetic population has no first patient');
  return patient;
}

function referenceOf(ref: Reference | undefined, type: string): string | undefined {
  return ref?.reference?.startsWith(`${type}/`) ? ref.reference : undefined;
}

/** The three demo accounts for a population: who they are, with fresh passwords. */
export function planDemoAccounts(population: PopulationOptions): DemoAccount[] {
  const patient = firstPatient(population);
  const clinician = (patient.generalPractitioner ?? [])
    .map((r) => referenceOf(r, 'Practitioner'))
    .find((r) => r !== undefined);
  const organization = referenceOf(patient.managingOrganization, 'Organization');
  const name = patient.name?.[0];
  const patientName = [name?.given?.join(' '), name?.family].filter(Boolean).join(' ');
  return [
    {
      username: 'demo-clinician',
      password: generatePassword(),
      role: 'practitioner',
      ...(clinician ? { fhirUser: clinician } : {}),
      ...(organization ? { organizations: [organization] } : {}),
      description: `a clinician (${clinician ?? 'no practitioner'}, general practitioner of ${patientName})`,
    },
    {
      username: 'demo-patient',
      password: generatePassword(),
      role: 'patient',
      fhirUser: `Patient/${patient.id!}`,
      description: `${patientName}, a patient of demo-clinician${organization ? ` at ${organization}` : ''}`,
    },
    {
      username: 'demo-admin',
      password: generatePassword(),
      role: 'admin',
      description: 'an administrator',
    },
  ];
}

/**
 * Creates the accounts that do not exist yet; an existing username is left as it is (a resumed start, or
 * an operator who changed its password — the banner says the printed passwords are the generated ones).
 */
export async function createDemoAccounts(db: Queryable, accounts: readonly DemoAccount[]): Promise<void> {
  for (const account of accounts) {
    if (await findUserByUsername(db, account.username)) continue;
    await createUser(db, {
      username: account.username,
      password: account.password,
      role: account.role,
      ...(account.fhirUser ? { fhirUser: account.fhirUser } : {}),
      ...(account.organizations ? { organizations: account.organizations } : {}),
    });
  }
}
