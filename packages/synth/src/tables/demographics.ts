import type { Code } from './codes.ts';
import type { WeightedChoice } from '../random.ts';

// Age pyramid: US Census Bureau, 2020 Census Demographic and Housing Characteristics (DHC), table P12,
// share of the resident population by 5-year age group (rounded to 0.1 %). femaleShare is the share
// of women in that group from the same table (women outlive men, so it rises with age).
export interface AgeBand {
  readonly minAge: number;
  readonly maxAge: number;
  readonly share: number;
  readonly femaleShare: number;
}

export const AGE_PYRAMID: readonly AgeBand[] = [
  { minAge: 0, maxAge: 4, share: 5.7, femaleShare: 0.489 },
  { minAge: 5, maxAge: 9, share: 6.0, femaleShare: 0.489 },
  { minAge: 10, maxAge: 14, share: 6.5, femaleShare: 0.489 },
  { minAge: 15, maxAge: 19, share: 6.6, femaleShare: 0.489 },
  { minAge: 20, maxAge: 24, share: 6.6, femaleShare: 0.494 },
  { minAge: 25, maxAge: 29, share: 6.8, femaleShare: 0.495 },
  { minAge: 30, maxAge: 34, share: 6.9, femaleShare: 0.498 },
  { minAge: 35, maxAge: 39, share: 6.6, femaleShare: 0.5 },
  { minAge: 40, maxAge: 44, share: 6.3, femaleShare: 0.502 },
  { minAge: 45, maxAge: 49, share: 6.0, femaleShare: 0.505 },
  { minAge: 50, maxAge: 54, share: 6.2, femaleShare: 0.508 },
  { minAge: 55, maxAge: 59, share: 6.6, femaleShare: 0.512 },
  { minAge: 60, maxAge: 64, share: 6.4, femaleShare: 0.518 },
  { minAge: 65, maxAge: 69, share: 5.5, femaleShare: 0.528 },
  { minAge: 70, maxAge: 74, share: 4.4, femaleShare: 0.54 },
  { minAge: 75, maxAge: 79, share: 2.9, femaleShare: 0.56 },
  { minAge: 80, maxAge: 84, share: 1.8, femaleShare: 0.59 },
  { minAge: 85, maxAge: 99, share: 1.9, femaleShare: 0.64 },
];

/** Published whole-population figures the statistical tests compare against (2020 Census DHC). */
export const CENSUS_2020 = {
  femaleShare: 0.505,
  under18Share: 0.221,
  age65PlusShare: 0.168,
  hispanicShare: 0.187,
} as const;

export type RaceKey = 'white' | 'black' | 'aian' | 'asian' | 'nhpi' | 'other' | 'multiple';

// OMB race categories (US Core race extension, ombCategory slice) with their CDC Race & Ethnicity
// code set codes. Shares: 2020 Census redistricting data (P.L. 94-171), race alone or in combination
// reported as "alone" for each group, plus "Some Other Race" and "Two or More Races".
export const RACES: readonly (WeightedChoice<RaceKey> & { readonly codes: readonly Code[] })[] = [
  { value: 'white', weight: 61.6, codes: [{ code: '2106-3', display: 'White' }] },
  { value: 'black', weight: 12.4, codes: [{ code: '2054-5', display: 'Black or African American' }] },
  { value: 'aian', weight: 1.1, codes: [{ code: '1002-5', display: 'American Indian or Alaska Native' }] },
  { value: 'asian', weight: 6.0, codes: [{ code: '2028-9', display: 'Asian' }] },
  {
    value: 'nhpi',
    weight: 0.2,
    codes: [{ code: '2076-8', display: 'Native Hawaiian or Other Pacific Islander' }],
  },
  { value: 'other', weight: 8.4, codes: [{ code: '2131-1', display: 'Other Race' }] },
  {
    value: 'multiple',
    weight: 10.2,
    codes: [
      { code: '2106-3', display: 'White' },
      { code: '2054-5', display: 'Black or African American' },
    ],
  },
];

export const HISPANIC: Code = { code: '2135-2', display: 'Hispanic or Latino' };
export const NOT_HISPANIC: Code = { code: '2186-5', display: 'Not Hispanic or Latino' };

/** Share of Hispanic people by race group, chosen so the total matches the Census 18.7 %. */
export const HISPANIC_BY_RACE: Readonly<Record<RaceKey, number>> = {
  white: 0.085,
  black: 0.05,
  aian: 0.3,
  asian: 0.02,
  nhpi: 0.1,
  other: 0.9,
  multiple: 0.47,
};

// Language spoken at home: ACS 2019 1-year, table S1601. Spanish 13.4 % of people aged 5+; most
// Spanish speakers are Hispanic, so the generator asks ethnicity first. Other languages are drawn for
// Asian people in proportion to the ACS counts for Chinese, Tagalog, Vietnamese and Korean.
export const SPANISH_AT_HOME_SHARE = 0.134;
export const SPANISH_GIVEN_HISPANIC = 0.7;

export interface Language {
  readonly code: string;
  readonly display: string;
}

export const ENGLISH: Language = { code: 'en-US', display: 'English (United States)' };
export const SPANISH: Language = { code: 'es', display: 'Spanish' };
export const ASIAN_LANGUAGES: readonly WeightedChoice<Language>[] = [
  { value: { code: 'zh', display: 'Chinese' }, weight: 3.5 },
  { value: { code: 'tl', display: 'Tagalog' }, weight: 1.8 },
  { value: { code: 'vi', display: 'Vietnamese' }, weight: 1.6 },
  { value: { code: 'ko', display: 'Korean' }, weight: 1.1 },
];
/** Share of Asian people who speak an Asian language at home (ACS 2019 S1601: ~60 %). */
export const ASIAN_LANGUAGE_GIVEN_ASIAN = 0.6;
