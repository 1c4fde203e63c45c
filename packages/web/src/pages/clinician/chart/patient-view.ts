// Patient → what the clinician sees of them: display name, MRN, sex, birth date (the age is
// formatted by the shell's useFormat().age). Pure, so the banner and the
// search results show the same thing and it is tested once.
import type { HumanName, Identifier, Patient } from '@medplum/fhirtypes';

/** HL7 v2 table 0203 "MR" (Medical record number): how an Identifier says it is an MRN. */
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

function isMrn(identifier: Identifier): boolean {
  return identifier.type?.coding?.some((c) => c.system === V2_0203 && c.code === 'MR') ?? false;
}

/** The medical record number: the identifier typed MR (usual first), else the first usual one. */
export function medicalRecordNumber(patient: Patient): string | undefined {
  const identifiers = (patient.identifier ?? []).filter((i) => i.value && i.use !== 'old');
  const mrns = identifiers.filter(isMrn);
  const chosen = mrns.find((i) => i.use === 'usual') ?? mrns[0] ?? identifiers.find((i) => i.use === 'usual');
  return chosen?.value;
}

/** R4 HumanName.use: prefer the official name, then usual, then any current name. */
function preferredName(names: readonly HumanName[]): HumanName | undefined {
  const current = names.filter((n) => n.use !== 'old' && !n.period?.end);
  const pool = current.length > 0 ? current : names;
  return pool.find((n) => n.use === 'official') ?? pool.find((n) => n.use === 'usual') ?? pool[0];
}

/** "Family, Given Middle" as clinical lists sort and show it; falls back to HumanName.text. */
export function displayName(patient: Patient): string | undefined {
  const name = preferredName(patient.name ?? []);
  if (!name) return undefined;
  const given = (name.given ?? []).join(' ').trim();
  const family = name.family?.trim() ?? '';
  if (family && given) return `${family}, ${given}`;
  const joined = family || given || name.text?.trim();
  return joined || undefined;
}

export type Sex = NonNullable<Patient['gender']>;

export interface PatientRow {
  id: string;
  name: string | undefined;
  sex: Sex | undefined;
  birthDate: string | undefined;
  mrn: string | undefined;
}

export function patientRow(patient: Patient): PatientRow {
  return {
    id: patient.id ?? '',
    name: displayName(patient),
    sex: patient.gender,
    birthDate: patient.birthDate,
    mrn: medicalRecordNumber(patient),
  };
}
