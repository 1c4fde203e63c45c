import type { Extension, Patient } from '@medplum/fhirtypes';
import type { Clinic, Clinician, Facilities } from './facilities.ts';
import { coding, date, reference, roundTo, YEAR } from './fhir-values.ts';
import type { Random } from './random.ts';
import { LANGUAGE, OMB_RACE_ETHNICITY } from './tables/codes.ts';
import type { Language, RaceKey } from './tables/demographics.ts';
import {
  AGE_PYRAMID,
  ASIAN_LANGUAGE_GIVEN_ASIAN,
  ASIAN_LANGUAGES,
  ENGLISH,
  HISPANIC,
  HISPANIC_BY_RACE,
  NOT_HISPANIC,
  RACES,
  SPANISH,
  SPANISH_GIVEN_HISPANIC,
} from './tables/demographics.ts';
import { ASIAN_SURNAMES, FEMALE_GIVEN, HISPANIC_SURNAMES, MALE_GIVEN, SURNAMES } from './tables/names.ts';
import { STREET_NAMES } from './tables/regions.ts';

export interface Person {
  readonly id: string;
  readonly index: number;
  readonly sex: 'female' | 'male';
  /** Age in years at `now`, fractional. */
  readonly age: number;
  readonly birthMs: number;
  readonly race: RaceKey;
  readonly hispanic: boolean;
  readonly language: Language;
  readonly clinic: Clinic;
  readonly pcp: Clinician;
  readonly given: string;
  readonly family: string;
}

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';
const MRN_SYSTEM = 'https://hearth.health/fhir/sid/mrn';

export function samplePerson(rng: Random, facilities: Facilities, index: number, nowMs: number): Person {
  const band = rng.weighted(AGE_PYRAMID.map((b) => ({ value: b, weight: b.share })));
  const age = rng.between(band.minAge, band.maxAge + 1);
  const sex = rng.chance(band.femaleShare) ? 'female' : 'male';
  const race = rng.weighted(RACES);
  const hispanic = rng.chance(HISPANIC_BY_RACE[race]);
  let language = ENGLISH;
  if (hispanic && rng.chance(SPANISH_GIVEN_HISPANIC)) language = SPANISH;
  else if (race === 'asian' && rng.chance(ASIAN_LANGUAGE_GIVEN_ASIAN))
    language = rng.weighted(ASIAN_LANGUAGES);
  const clinic = rng.weighted(facilities.clinics.map((c) => ({ value: c, weight: c.city.population })));
  const surnames = hispanic ? HISPANIC_SURNAMES : race === 'asian' ? ASIAN_SURNAMES : SURNAMES;
  return {
    id: rng.uuid(),
    index,
    sex,
    age,
    birthMs: nowMs - age * YEAR,
    race,
    hispanic,
    language,
    clinic,
    pcp: rng.pick(clinic.familyPhysicians),
    given: rng.pick(sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN),
    family: rng.pick(surnames),
  };
}

function raceExtension(race: RaceKey): Extension {
  const group = RACES.find((r) => r.value === race)!;
  // US Core race: the OMB categories go in ombCategory; "Other Race" is not one, so it is `detailed`.
  const slice = race === 'other' ? 'detailed' : 'ombCategory';
  return {
    url: `${US_CORE}/us-core-race`,
    extension: [
      ...group.codes.map((c) => ({ url: slice, valueCoding: coding(OMB_RACE_ETHNICITY, c) })),
      { url: 'text', valueString: group.codes.map((c) => c.display).join(', ') },
    ],
  };
}

function ethnicityExtension(hispanic: boolean): Extension {
  const code = hispanic ? HISPANIC : NOT_HISPANIC;
  return {
    url: `${US_CORE}/us-core-ethnicity`,
    extension: [
      { url: 'ombCategory', valueCoding: coding(OMB_RACE_ETHNICITY, code) },
      { url: 'text', valueString: code.display },
    ],
  };
}

export function patientResource(
  rng: Random,
  person: Person,
  facilities: Facilities,
  mrnPrefix: string,
): Patient {
  const { city } = person.clinic;
  const phone = `+1-${city.areaCode}-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
  return {
    resourceType: 'Patient',
    id: person.id,
    extension: [
      raceExtension(person.race),
      ethnicityExtension(person.hispanic),
      { url: `${US_CORE}/us-core-birthsex`, valueCode: person.sex === 'female' ? 'F' : 'M' },
    ],
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical Record Number',
            },
          ],
        },
        system: MRN_SYSTEM,
        value: `${mrnPrefix}${String(person.index + 1).padStart(8, '0')}`,
      },
    ],
    active: true,
    name: [{ use: 'official', family: person.family, given: [person.given] }],
    telecom: [
      { system: 'phone', value: phone, use: 'mobile' },
      {
        system: 'email',
        value: `${person.given}.${person.family}${person.index}@example.com`.toLowerCase(),
        use: 'home',
      },
    ],
    gender: person.sex,
    birthDate: date(person.birthMs),
    address: [
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/geolocation',
            extension: [
              { url: 'latitude', valueDecimal: roundTo(city.latitude + rng.between(-0.04, 0.04), 5) },
              { url: 'longitude', valueDecimal: roundTo(city.longitude + rng.between(-0.04, 0.04), 5) },
            ],
          },
        ],
        use: 'home',
        line: [`${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)}`],
        city: city.name,
        state: facilities.region.state,
        postalCode: city.postalCode,
        country: 'US',
      },
    ],
    communication: [
      {
        language: {
          coding: [{ system: LANGUAGE, code: person.language.code, display: person.language.display }],
        },
        preferred: true,
      },
    ],
    generalPractitioner: [reference('Practitioner', person.pcp.practitionerId)],
    managingOrganization: reference('Organization', person.clinic.organizationId),
  };
}
