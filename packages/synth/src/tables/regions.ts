// Regions the generator can place people in. City centroids and ZIP codes are public (US Census
// Bureau Gazetteer files, ZCTA centroids, rounded to 4 decimals); population weights are the cities'
// 2020 Census counts, so people spread across cities as they do in life. Area codes are the cities'
// NANP codes; numbers use the 555-01XX block the NANPA reserves for fiction.

export interface City {
  readonly name: string;
  readonly postalCode: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly areaCode: string;
  /** 2020 Census population, used as the sampling weight. */
  readonly population: number;
}

export interface Region {
  readonly id: string;
  readonly state: string;
  /** Standard-time offset from UTC for clinic hours (daylight saving is ignored: slots stay on the hour). */
  readonly utcOffsetHours: number;
  readonly cities: readonly City[];
}

const kansas: Region = {
  id: 'kansas',
  state: 'KS',
  utcOffsetHours: -6,
  cities: [
    {
      name: 'Wichita',
      postalCode: '67202',
      latitude: 37.6872,
      longitude: -97.3301,
      areaCode: '316',
      population: 397532,
    },
    {
      name: 'Overland Park',
      postalCode: '66212',
      latitude: 38.9822,
      longitude: -94.6708,
      areaCode: '913',
      population: 197238,
    },
    {
      name: 'Kansas City',
      postalCode: '66101',
      latitude: 39.1142,
      longitude: -94.6275,
      areaCode: '913',
      population: 156607,
    },
    {
      name: 'Olathe',
      postalCode: '66061',
      latitude: 38.8814,
      longitude: -94.8191,
      areaCode: '913',
      population: 141290,
    },
    {
      name: 'Topeka',
      postalCode: '66603',
      latitude: 39.0473,
      longitude: -95.6752,
      areaCode: '785',
      population: 126587,
    },
    {
      name: 'Lawrence',
      postalCode: '66044',
      latitude: 38.9717,
      longitude: -95.2353,
      areaCode: '785',
      population: 94934,
    },
    {
      name: 'Manhattan',
      postalCode: '66502',
      latitude: 39.1836,
      longitude: -96.5717,
      areaCode: '785',
      population: 54100,
    },
    {
      name: 'Salina',
      postalCode: '67401',
      latitude: 38.8403,
      longitude: -97.6114,
      areaCode: '785',
      population: 46889,
    },
    {
      name: 'Emporia',
      postalCode: '66801',
      latitude: 38.4039,
      longitude: -96.1817,
      areaCode: '620',
      population: 24139,
    },
  ],
};

const massachusetts: Region = {
  id: 'massachusetts',
  state: 'MA',
  utcOffsetHours: -5,
  cities: [
    {
      name: 'Boston',
      postalCode: '02118',
      latitude: 42.3601,
      longitude: -71.0589,
      areaCode: '617',
      population: 675647,
    },
    {
      name: 'Worcester',
      postalCode: '01608',
      latitude: 42.2626,
      longitude: -71.8023,
      areaCode: '508',
      population: 206518,
    },
    {
      name: 'Springfield',
      postalCode: '01103',
      latitude: 42.1015,
      longitude: -72.5898,
      areaCode: '413',
      population: 155929,
    },
    {
      name: 'Cambridge',
      postalCode: '02139',
      latitude: 42.3736,
      longitude: -71.1097,
      areaCode: '617',
      population: 118403,
    },
    {
      name: 'Lowell',
      postalCode: '01852',
      latitude: 42.6334,
      longitude: -71.3162,
      areaCode: '978',
      population: 115554,
    },
    {
      name: 'Brockton',
      postalCode: '02301',
      latitude: 42.0834,
      longitude: -71.0184,
      areaCode: '508',
      population: 105643,
    },
    {
      name: 'Quincy',
      postalCode: '02169',
      latitude: 42.2529,
      longitude: -71.0023,
      areaCode: '617',
      population: 101636,
    },
    {
      name: 'Lynn',
      postalCode: '01902',
      latitude: 42.4668,
      longitude: -70.9495,
      areaCode: '781',
      population: 101253,
    },
  ],
};

const texas: Region = {
  id: 'texas',
  state: 'TX',
  utcOffsetHours: -6,
  cities: [
    {
      name: 'San Antonio',
      postalCode: '78205',
      latitude: 29.4241,
      longitude: -98.4936,
      areaCode: '210',
      population: 1434625,
    },
    {
      name: 'Austin',
      postalCode: '78701',
      latitude: 30.2672,
      longitude: -97.7431,
      areaCode: '512',
      population: 961855,
    },
    {
      name: 'El Paso',
      postalCode: '79901',
      latitude: 31.7619,
      longitude: -106.485,
      areaCode: '915',
      population: 678815,
    },
    {
      name: 'Corpus Christi',
      postalCode: '78401',
      latitude: 27.8006,
      longitude: -97.3964,
      areaCode: '361',
      population: 317863,
    },
    {
      name: 'Laredo',
      postalCode: '78040',
      latitude: 27.5306,
      longitude: -99.4803,
      areaCode: '956',
      population: 255205,
    },
  ],
};

export const REGIONS: Readonly<Record<string, Region>> = { kansas, massachusetts, texas };

export const STREET_NAMES: readonly string[] = [
  'Main St',
  'Oak St',
  'Maple Ave',
  'Cedar Ln',
  'Park Ave',
  'Washington St',
  'Lake Dr',
  'Hill Rd',
  'Elm St',
  'Pine St',
  'Sunset Blvd',
  'River Rd',
  'Church St',
  'Highland Ave',
  'Meadow Ln',
  'Spring St',
  'Walnut St',
  'Chestnut St',
  'Jefferson Ave',
  'Lincoln Ave',
  'Franklin St',
  'Prairie Rd',
  'Mill St',
  'Center St',
];
