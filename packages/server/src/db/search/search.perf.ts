// Search latency at volume, on PostgreSQL: `npx tsx packages/server/src/db/search/search.perf.ts [patients]`.
// Seeds (once, kept in schema `search_perf` of the test database) 50 resources per patient — 1 Patient,
// 9 Encounters, 40 Observations; 10,000 patients = 500,000 resources — straight into `resources` and
// the idx_* tables with the row shapes extraction produces (set-based SQL: the importer path would take
// far longer on this machine), then times the brief's search mix through searchResources.
import { performance } from 'node:perf_hooks';
import { SYSTEM_CONTEXT } from '../repository.types.ts';
import { migrate } from '../migrate.ts';
import { openPostgres } from '../postgres-engine.ts';
import { TEST_DATABASE_URL } from '../test-engines.ts';
import { searchResources } from './search.ts';
import type { Engine } from '../engine.ts';

const PATIENTS = Number(process.argv[2] ?? 10_000);
const SCHEMA = `search_perf_${PATIENTS}`;
const RUNS = 300;

const SEED = [
  `INSERT INTO resources (resource_type, id, version_id, last_updated, patient_id, content)
   SELECT 'Patient', 'pat-' || i, 1, now(), 'pat-' || i, json_build_object('resourceType', 'Patient', 'id', 'pat-' || i,
     'name', json_build_array(json_build_object('family', 'fam' || (i % 2000), 'given', json_build_array('giv' || (i % 300)))),
     'birthDate', to_char(date '1940-01-01' + (i * 37 % 25000), 'YYYY-MM-DD'))::text
   FROM generate_series(0, ${PATIENTS - 1}) i`,
  `INSERT INTO resources (resource_type, id, version_id, last_updated, patient_id, content)
   SELECT 'Encounter', 'enc-' || i || '-' || j, 1, now(), 'pat-' || i, json_build_object('resourceType', 'Encounter',
     'id', 'enc-' || i || '-' || j, 'status', 'finished', 'subject', json_build_object('reference', 'Patient/pat-' || i))::text
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 8) j`,
  `INSERT INTO resources (resource_type, id, version_id, last_updated, patient_id, content)
   SELECT 'Observation', 'obs-' || i || '-' || k, 1, now(), 'pat-' || i, json_build_object('resourceType', 'Observation',
     'id', 'obs-' || i || '-' || k, 'status', 'final', 'subject', json_build_object('reference', 'Patient/pat-' || i))::text
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 39) k`,
  `INSERT INTO idx_compartment SELECT resource_type, id, patient_id FROM resources`,
  `INSERT INTO idx_string (resource_type, resource_id, patient_id, param, norm, exact)
   SELECT 'Patient', 'pat-' || i, 'pat-' || i, p, v, v FROM generate_series(0, ${PATIENTS - 1}) i,
   LATERAL (VALUES ('name', 'fam' || (i % 2000)), ('name', 'giv' || (i % 300)), ('family', 'fam' || (i % 2000)),
     ('given', 'giv' || (i % 300))) x(p, v)`,
  `INSERT INTO idx_date (resource_type, resource_id, patient_id, param, low, high)
   SELECT 'Patient', 'pat-' || i, 'pat-' || i, 'birthdate', d, d + interval '1 day' - interval '1 ms'
   FROM generate_series(0, ${PATIENTS - 1}) i, LATERAL (SELECT (date '1940-01-01' + (i * 37 % 25000))::timestamptz d) x`,
  `INSERT INTO idx_token (resource_type, resource_id, patient_id, param, system, code)
   SELECT 'Patient', 'pat-' || i, 'pat-' || i, 'identifier', 'https://hearth.health/fhir/sid/mrn', 'mrn-' || i
   FROM generate_series(0, ${PATIENTS - 1}) i`,
  `INSERT INTO idx_date (resource_type, resource_id, patient_id, param, low, high)
   SELECT 'Encounter', 'enc-' || i || '-' || j, 'pat-' || i, 'date', d, d + interval '1 hour'
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 8) j,
   LATERAL (SELECT timestamptz '2015-01-01' + ((i * 13 + j * 97) % 4000) * interval '1 day' + (i % 10) * interval '1 hour' d) x`,
  `INSERT INTO idx_reference (resource_type, resource_id, patient_id, param, target_type, target_id)
   SELECT 'Encounter', 'enc-' || i || '-' || j, 'pat-' || i, p, t, v
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 8) j,
   LATERAL (VALUES ('subject', 'Patient', 'pat-' || i), ('patient', 'Patient', 'pat-' || i),
     ('practitioner', 'Practitioner', 'prac-' || ((i + j) % 1000))) x(p, t, v)`,
  `INSERT INTO idx_token (resource_type, resource_id, patient_id, param, system, code)
   SELECT 'Observation', 'obs-' || i || '-' || k, 'pat-' || i, 'code', 'http://loinc.org', 'code-' || (k % 20)
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 39) k`,
  `INSERT INTO idx_date (resource_type, resource_id, patient_id, param, low, high)
   SELECT 'Observation', 'obs-' || i || '-' || k, 'pat-' || i, 'date', d, d + interval '999 ms'
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 39) k,
   LATERAL (SELECT timestamptz '2015-01-01' + ((i * 13 + (k % 9) * 97) % 4000) * interval '1 day' d) x`,
  `INSERT INTO idx_reference (resource_type, resource_id, patient_id, param, target_type, target_id)
   SELECT 'Observation', 'obs-' || i || '-' || k, 'pat-' || i, p, t, v
   FROM generate_series(0, ${PATIENTS - 1}) i, generate_series(0, 39) k,
   LATERAL (VALUES ('subject', 'Patient', 'pat-' || i), ('patient', 'Patient', 'pat-' || i),
     ('encounter', 'Encounter', 'enc-' || i || '-' || (k % 9))) x(p, t, v)`,
  `INSERT INTO resources (resource_type, id, version_id, last_updated, content)
   SELECT 'Practitioner', 'prac-' || n, 1, now(), json_build_object('resourceType', 'Practitioner', 'id', 'prac-' || n)::text
   FROM generate_series(0, 999) n`,
  `ANALYZE`,
];

const day = (offset: number) =>
  new Date(Date.UTC(2015, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** The brief's mix: i-th query of each kind, spread over patients. */
const MIX: [name: string, type: string, query: (i: number) => [string, string][]][] = [
  [
    'Observation by patient, code, date range',
    'Observation',
    (i) => [
      ['patient', `Patient/pat-${(i * 7919) % PATIENTS}`],
      ['code', `http://loinc.org|code-${i % 20}`],
      ['date', `ge${day(i % 3000)}`],
      ['date', `lt${day((i % 3000) + 1000)}`],
    ],
  ],
  [
    'Patient by name and birthdate',
    'Patient',
    (i) => {
      const p = (i * 7919) % PATIENTS;
      const birth = new Date(Date.UTC(1940, 0, 1) + ((p * 37) % 25000) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return [
        ['name', `fam${p % 2000}`],
        ['birthdate', birth],
      ];
    },
  ],
  ['Encounter by date (one day)', 'Encounter', (i) => [['date', day((i * 31) % 4000)]]],
  [
    'chained Encounter?patient.identifier',
    'Encounter',
    (i) => [['patient.identifier', `https://hearth.health/fhir/sid/mrn|mrn-${(i * 7919) % PATIENTS}`]],
  ],
  [
    'Encounter _include + _revinclude',
    'Encounter',
    (i) => [
      ['patient', `Patient/pat-${(i * 7919) % PATIENTS}`],
      ['_count', '10'],
      ['_include', 'Encounter:practitioner'],
      ['_revinclude', 'Observation:encounter'],
    ],
  ],
];

async function seed(db: Engine): Promise<void> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM resources');
  if (Number(rows[0]!.n) > 0) return;
  for (const sql of SEED) {
    const t0 = performance.now();
    await db.query(sql);
    console.log(
      `seed ${sql.slice(0, 60).replace(/\s+/g, ' ')}… ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const db = await openPostgres({ url: TEST_DATABASE_URL, schema: SCHEMA, maxConnections: 2 });
try {
  await migrate(db);
  await seed(db);
  // The floor on this machine right now: one round trip, no work (the machine is shared; compare to it).
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await db.query('SELECT 1');
    floor.push(performance.now() - t0);
  }
  floor.sort((a, b) => a - b);
  console.log(
    `${'SELECT 1 (round-trip floor)'.padEnd(42)} p50 ${pct(floor, 50).toFixed(2)} ms  p99 ${pct(floor, 99).toFixed(2)} ms`,
  );
  const all: number[] = [];
  for (const [name, type, query] of MIX) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await searchResources(db, SYSTEM_CONTEXT, type, query(i), { baseUrl: 'http://h/fhir' });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(
      `${name.padEnd(42)} p50 ${pct(times, 50).toFixed(2)} ms  p99 ${pct(times, 99).toFixed(2)} ms`,
    );
  }
  all.sort((a, b) => a - b);
  console.log(
    `${'whole mix'.padEnd(42)} p50 ${pct(all, 50).toFixed(2)} ms  p99 ${pct(all, 99).toFixed(2)} ms`,
  );
} finally {
  await db.close();
}
