import type {
  Location,
  Organization,
  Practitioner,
  PractitionerRole,
  Resource,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import type { Clinician, Facilities } from './facilities.ts';
import { allClinicians } from './facilities.ts';
import { concept, localDateTime, MINUTE, reference } from './fhir-values.ts';
import { clinicDays, slotStarts } from './clinic-calendar.ts';
import { NUCC } from './tables/codes.ts';
import type { City, Region } from './tables/regions.ts';
import { OPEN_ACCESS_HOURS, SLOT_MINUTES } from './tables/scheduling.ts';

const ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const PRACTITIONER_ROLE = 'http://terminology.hl7.org/CodeSystem/practitioner-role';
const NPI = 'http://hl7.org/fhir/sid/us-npi';

function address(city: City, region: Region, line: string) {
  return { line: [line], city: city.name, state: region.state, postalCode: city.postalCode, country: 'US' };
}

function organization(id: string, name: string, city: City, region: Region, phone: string): Organization {
  return {
    resourceType: 'Organization',
    id,
    active: true,
    type: [{ coding: [{ system: ORGANIZATION_TYPE, code: 'prov', display: 'Healthcare Provider' }] }],
    name,
    telecom: [{ system: 'phone', value: phone, use: 'work' }],
    address: [address(city, region, '100 Health Way')],
  };
}

function location(id: string, name: string, organizationId: string, city: City, region: Region): Location {
  return {
    resourceType: 'Location',
    id,
    status: 'active',
    name,
    mode: 'instance',
    address: address(city, region, '100 Health Way'),
    position: { latitude: city.latitude, longitude: city.longitude },
    managingOrganization: reference('Organization', organizationId),
  };
}

function practitioner(clinician: Clinician): Practitioner {
  const { name } = clinician;
  const email = `${name.given![0]!}.${name.family!}.${clinician.npi}@example.org`.toLowerCase();
  return {
    resourceType: 'Practitioner',
    id: clinician.practitionerId,
    identifier: [{ system: NPI, value: clinician.npi }],
    active: true,
    name: [name],
    telecom: [{ system: 'email', value: email, use: 'work' }],
    gender: clinician.gender,
  };
}

function practitionerRole(clinician: Clinician): PractitionerRole {
  const { clinic } = clinician;
  return {
    resourceType: 'PractitionerRole',
    id: clinician.roleId,
    active: true,
    practitioner: reference('Practitioner', clinician.practitionerId),
    organization: reference('Organization', clinic.organizationId),
    code: [{ coding: [{ system: PRACTITIONER_ROLE, code: 'doctor', display: 'Doctor' }] }],
    specialty: [concept(NUCC, clinician.specialty)],
    location: [reference('Location', clinic.locationId)],
    telecom: [{ system: 'phone', value: clinic.phone, use: 'work' }],
  };
}

function schedule(clinician: Clinician, horizon: { start: string; end: string }): Schedule {
  return {
    resourceType: 'Schedule',
    id: clinician.scheduleId,
    active: true,
    specialty: [concept(NUCC, clinician.specialty)],
    actor: [
      reference('PractitionerRole', clinician.roleId),
      reference('Practitioner', clinician.practitionerId),
      reference('Location', clinician.clinic.locationId),
    ],
    planningHorizon: horizon,
  };
}

/** Free open-access slots; slot ids derive from the schedule id and start time, so re-seeding is idempotent. */
function* freeSlots(clinician: Clinician, days: readonly number[], offsetHours: number): Generator<Slot> {
  let n = 0;
  for (const start of slotStarts(days, OPEN_ACCESS_HOURS)) {
    n += 1;
    yield {
      resourceType: 'Slot',
      id: `${clinician.scheduleId.slice(0, 24)}${String(n).padStart(12, '0')}`,
      schedule: reference('Schedule', clinician.scheduleId),
      status: 'free',
      start: localDateTime(start, offsetHours),
      end: localDateTime(start + SLOT_MINUTES * MINUTE, offsetHours),
    };
  }
}

/** The shared resources every patient bundle refers to, in dependency order. */
export function sharedResources(facilities: Facilities, nowMs: number, scheduleWeeks: number): Resource[] {
  const { region, hospital } = facilities;
  const resources: Resource[] = [
    organization(
      hospital.organizationId,
      hospital.name,
      hospital.city,
      region,
      `+1-${hospital.city.areaCode}-555-0100`,
    ),
    location(
      hospital.locationId,
      `${hospital.name} Emergency Department`,
      hospital.organizationId,
      hospital.city,
      region,
    ),
  ];
  for (const clinic of facilities.clinics) {
    resources.push(organization(clinic.organizationId, clinic.name, clinic.city, region, clinic.phone));
    resources.push(location(clinic.locationId, clinic.name, clinic.organizationId, clinic.city, region));
  }
  const clinicians = allClinicians(facilities);
  for (const clinician of clinicians) resources.push(practitioner(clinician), practitionerRole(clinician));
  const days = clinicDays(nowMs, scheduleWeeks, region.utcOffsetHours);
  if (days.length === 0) return resources;
  const horizon = {
    start: localDateTime(days[0]!, region.utcOffsetHours),
    end: localDateTime(days[days.length - 1]! + 86_400_000, region.utcOffsetHours),
  };
  for (const clinician of clinicians) {
    resources.push(schedule(clinician, horizon));
    for (const slot of freeSlots(clinician, days, region.utcOffsetHours)) resources.push(slot);
  }
  return resources;
}
