// The organizations a patient may choose not to share their record with: those their record ties them
// to (the ones that can see it today: packages/server/src/access/panel-sql.ts — managing organization,
// general practitioner, care teams, encounters) plus any they have already denied.
import type { Consent, Encounter, Patient } from '@medplum/fhirtypes';

export interface SharingOrganization {
  /** `Organization/id` */
  reference: string;
  /** The organization that manages the patient's care (managingOrganization or generalPractitioner):
   *  denying it hides the record from the patient's own clinicians, so the page warns. */
  caresForYou: boolean;
}

export function sharingOrganizations(
  patient: Patient | undefined,
  encounters: readonly Encounter[],
  consents: readonly Consent[],
): SharingOrganization[] {
  const care = new Set<string>();
  const others = new Set<string>();
  const isOrg = (ref: string | undefined): ref is string => ref?.startsWith('Organization/') === true;
  for (const ref of [
    patient?.managingOrganization?.reference,
    ...(patient?.generalPractitioner ?? []).map((g) => g.reference),
  ]) {
    if (isOrg(ref)) care.add(ref);
  }
  for (const e of encounters)
    if (isOrg(e.serviceProvider?.reference)) others.add(e.serviceProvider.reference);
  for (const c of consents)
    for (const a of c.provision?.actor ?? [])
      if (isOrg(a.reference.reference)) others.add(a.reference.reference);
  return [
    ...[...care].sort().map((reference) => ({ reference, caresForYou: true })),
    ...[...others]
      .filter((r) => !care.has(r))
      .sort()
      .map((reference) => ({ reference, caresForYou: false })),
  ];
}
