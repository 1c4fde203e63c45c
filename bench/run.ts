// `npm run bench` — Hearth's performance figures, each against a baseline measured in the same run
// (machines here are noisy: compare within one run). Prints progress on stderr, the Markdown table on
// stdout, and records the table in bench/RESULTS.md with the command that made it.
//   --engine postgres|pglite|both   (default both)
//   --quick                         small volumes, short durations (a smoke run of a minute or two)
//   --only import,read,create,crud,search,audit,synth,web,devices   (synth: generation rate and memory, no
//                                   database; web: the web app's initial JavaScript and its slow-3G first
//                                   paint; devices: MQTT/HTTP readings/s publish→durable and reading→alert
//                                   latency, bench/scenarios/devices.ts)
//   --rebuild-search                reload the kept search database (see lib/search-data.ts)
//   --cpu-prof                      profile the Hearth server children (node --cpu-prof) into
//                                   .bench-data/profiles/ and print where their time went. For the
//                                   in-process import: node --cpu-prof --import tsx bench/run.ts --only import
// Exits 0 when targets are missed (the table says **no**); non-zero only when a benchmark cannot run.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/child-server.ts';
import { summariseProfiles } from './lib/profile-summary.ts';
import { writeSection, section, RESULTS_PATH } from './lib/results-file.ts';
import { fmt, table, type BenchRow } from './lib/report.ts';
import { searchDatabase } from './lib/search-data.ts';
import { freshStorage, type EngineName } from './lib/storage.ts';
import { benchAudit } from './scenarios/audit.ts';
import { benchDevices } from './scenarios/devices.ts';
import { benchHttp, type HttpMeasure } from './scenarios/http.ts';
import { benchImport } from './scenarios/import.ts';
import { benchSearch } from './scenarios/search.ts';
import { benchSynth } from './scenarios/synth.ts';
import { benchWeb } from './scenarios/web.ts';

const MEASURES = ['import', 'read', 'create', 'crud', 'search', 'audit', 'synth', 'web', 'devices'] as const;
type Measure = (typeof MEASURES)[number];

interface Plan {
  engines: EngineName[];
  measures: Measure[];
  quick: boolean;
  rebuildSearch: boolean;
  cpuProf: boolean;
}

function plan(argv: string[]): Plan {
  const { values } = parseArgs({
    args: argv,
    options: {
      engine: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'rebuild-search': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  const engine = values.engine;
  if (engine !== 'both' && engine !== 'postgres' && engine !== 'pglite')
    throw new Error(`--engine must be postgres, pglite or both (got '${engine}')`);
  const measures = (values.only?.split(',').map((s) => s.trim()) ?? [...MEASURES]) as Measure[];
  const unknown = measures.filter((m) => !MEASURES.includes(m));
  if (unknown.length > 0)
    throw new Error(`--only: unknown ${unknown.join(', ')}; known: ${MEASURES.join(', ')}`);
  return {
    engines: engine === 'both' ? ['postgres', 'pglite'] : [engine],
    measures,
    quick: values.quick,
    rebuildSearch: values['rebuild-search'],
    cpuProf: values['cpu-prof'],
  };
}

const PROFILES = join(ROOT, '.bench-data', 'profiles');

async function benchEngine(engine: EngineName, p: Plan): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const profileDir = (part: string) => (p.cpuProf ? join(PROFILES, `${engine}-${part}`) : undefined);
  const http = p.measures.filter((m): m is HttpMeasure => m === 'read' || m === 'create' || m === 'crud');
  const audit = p.measures.includes('audit');
  if (p.measures.includes('import') || http.length > 0 || audit) {
    const storage = await freshStorage(engine);
    try {
      // The HTTP benchmarks run on the database the import filled (one replica if import is not measured).
      const tag = randomBytes(3).toString('hex');
      const importRow = await benchImport(
        storage,
        p.measures.includes('import') ? (p.quick ? 2 : 20) : 1,
        tag,
      );
      if (p.measures.includes('import')) rows.push(importRow);
      if (http.length > 0) {
        const durationMs = p.quick ? 3000 : 10_000;
        rows.push(
          ...(await benchHttp({
            storage,
            measures: http,
            tag,
            concurrency: 32,
            durationMs,
            cpuProfileDir: profileDir('http'),
          })),
        );
      }
      if (audit) {
        const durationMs = p.quick ? 3000 : 10_000;
        rows.push(...(await benchAudit({ storage, tag, concurrency: 32, durationMs })));
      }
    } finally {
      await storage.drop();
    }
  }
  if (p.measures.includes('search')) {
    const target = p.quick ? 5000 : 500_000;
    const db = await searchDatabase(engine, target, p.rebuildSearch);
    if (db.loadRate !== undefined)
      rows.push({
        engine,
        name: `search database load (synth → importer path), resources/s`,
        value: fmt(db.loadRate),
      });
    rows.push(
      ...(await benchSearch({
        db,
        concurrency: 4,
        durationMs: p.quick ? 5000 : 30_000,
        samplePatients: p.quick ? 20 : 200,
        cpuProfileDir: profileDir('search'),
      })),
    );
  }
  if (p.measures.includes('devices'))
    rows.push(...(await benchDevices({ engine, quick: p.quick, cpuProfileDir: profileDir('devices') })));
  return rows;
}

const started = performance.now();
const p = plan(process.argv.slice(2));
const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
  ' ',
);
const rows: BenchRow[] = [];
if (p.cpuProf) rmSync(PROFILES, { recursive: true, force: true });
if (p.measures.includes('synth')) rows.push(...(await benchSynth(p.quick ? 2_000 : 100_000)));
if (p.measures.includes('web')) rows.push(...(await benchWeb()));
for (const engine of p.engines) {
  rows.push(...(await benchEngine(engine, p)));
}
process.stdout.write(`\n${table(rows)}\n`);
writeSection(command, section(command, rows, (performance.now() - started) / 1000));
process.stderr.write(`\nRecorded in ${RESULTS_PATH}\n`);
if (p.cpuProf) {
  for (const engine of p.engines)
    for (const part of ['http', 'search', 'devices']) {
      const dir = join(PROFILES, `${engine}-${part}`);
      if (existsSync(dir)) process.stderr.write(`\n${summariseProfiles(dir)}\n`);
    }
}
