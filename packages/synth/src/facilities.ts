import type { HumanName } from '@medplum/fhirtypes';
import { Random, stableUuid } from './random.ts';
import type { Code } from './tables/codes.ts';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from './tables/names.ts';
import type { City, Region } from './tables/regions.ts';
import type { SpecialtyKey } from './tables/scheduling.ts';
import {
  FAMILY_MEDICINE,
  FAMILY_PHYSICIANS_PER_CLINIC,
  SPECIALTIES,
  SPECIALTY_ORDER,
} from './tables/scheduling.ts';

// The region's care providers: one family-health clinic per city (family physicians plus one
// visiting specialist, specialties rotating across cities) and one regional hospital in the largest
// city. Everything here depends on the seed and the region only, never on the number of patients,
// so patient k references the same clinicians whatever N is.

export interface Clinician {
  readonly practitionerId: string;
  readonly roleId: string;
  readonly scheduleId: string;
  readonly npi: string;
  readonly name: HumanName;
  readonly gender: 'female' | 'male';
  readonly specialty: Code;
  readonly specialtyKey?: SpecialtyKey;
  readonly clinic: Clinic;
}

export interface Clinic {
  readonly city: City;
  readonly cityIndex: number;
  readonly name: string;
  readonly organizationId: string;
  readonly locationId: string;
  readonly phone: string;
  readonly familyPhysicians: Clinician[];
  readonly specialists: Clinician[];
}

export interface Hospital {
  readonly name: string;
  readonly organizationId: string;
  readonly locationId: string;
  readonly city: City;
}

export interface Facilities {
  readonly region: Region;
  readonly hospital: Hospital;
  readonly clinics: readonly Clinic[];
  readonly specialistFor: ReadonlyMap<SpecialtyKey, Clinician>;
}

export function planFacilities(seed: string, region: Region): Facilities {
  const rng = new Random(`${seed}|facilities|${region.id}`);
  const id = (key: string): string => stableUuid(`${seed}|${region.id}|${key}`);
  const largest = region.cities.reduce((a, b) => (b.population > a.population ? b : a));
  const hospital: Hospital = {
    name: `${largest.name} Regional Medical Center`,
    organizationId: id('hospital/org'),
    locationId: id('hospital/location'),
    city: largest,
  };
  const specialistFor = new Map<SpecialtyKey, Clinician>();
  let npiCounter = 0;
  const clinics = region.cities.map((city, cityIndex) => {
    const clinic: Clinic = {
      city,
      cityIndex,
      name: `${city.name} Family Health Center`,
      organizationId: id(`clinic/${cityIndex}/org`),
      locationId: id(`clinic/${cityIndex}/location`),
      phone: `+1-${city.areaCode}-555-01${String(10 + cityIndex).padStart(2, '0')}`,
      familyPhysicians: [],
      specialists: [],
    };
    const clinician = (slot: string, specialty: Code, specialtyKey?: SpecialtyKey): Clinician => {
      const gender = rng.chance(0.5) ? 'female' : 'male';
      npiCounter += 1;
      return {
        practitionerId: id(`clinic/${cityIndex}/${slot}/practitioner`),
        roleId: id(`clinic/${cityIndex}/${slot}/role`),
        scheduleId: id(`clinic/${cityIndex}/${slot}/schedule`),
        npi: `99990${String(npiCounter).padStart(5, '0')}`,
        name: {
          use: 'official',
          family: rng.pick(SURNAMES),
          given: [rng.pick(gender === 'female' ? FEMALE_GIVEN : MALE_GIVEN)],
          prefix: ['Dr.'],
        },
        gender,
        specialty,
        ...(specialtyKey ? { specialtyKey } : {}),
        clinic,
      };
    };
    for (let i = 0; i < FAMILY_PHYSICIANS_PER_CLINIC; i++) {
      clinic.familyPhysicians.push(clinician(`family/${i}`, FAMILY_MEDICINE));
    }
    const specialtyKey = SPECIALTY_ORDER[cityIndex % SPECIALTY_ORDER.length]!;
    const specialist = clinician(`specialist/${specialtyKey}`, SPECIALTIES[specialtyKey], specialtyKey);
    clinic.specialists.push(specialist);
    if (!specialistFor.has(specialtyKey)) specialistFor.set(specialtyKey, specialist);
    return clinic;
  });
  return { region, hospital, clinics, specialistFor };
}

export function allClinicians(facilities: Facilities): Clinician[] {
  return facilities.clinics.flatMap((clinic) => [...clinic.familyPhysicians, ...clinic.specialists]);
}
