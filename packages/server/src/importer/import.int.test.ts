import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { applyImportItems } from './apply-items.ts';
import { exportPage } from './export-resources.ts';
import { runImport, type ImportOptions } from './run-import.ts';

const SYNTHEA = '/work/shared/data/synthea';
const INVALID = '/work/shared/data/fhir-invalid';
const BASE = 'http://hearth.test/fhir';

async function syntheaResources(): Promise<Resource[]> {
  const files = (await readdir(SYNTHEA)).filter((f) => f.endsWith('.ndjson'));
  const all: Resource[] = [];
  for (const f of files) {
    for (const line of (await readFile(join(SYNTHEA, f), 'utf8')).split('\n')) {
      if (line.trim()) all.push(JSON.parse(line) as Resource);
    }
  }
  return all;
}

function withoutMeta(r: Resource): Resource {
  const { meta: _meta, ...rest } = r;
  return rest;
}

/**
 * The expected resource as stored: conditional references (`Type?identifier=…`) are resolved to
 * `Type/id` on import (http.html#trules), so each one takes the stored value if that names the same type.
 */
function asResolved(expected: unknown, stored: unknown): unknown {
  if (Array.isArray(expected))
    return expected.map((v, i) => asResolved(v, (stored as unknown[] | undefined)?.[i]));
  if (!expected || typeof expected !== 'object') return expected;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(expected)) {
    const s = (stored as Record<string, unknown> | undefined)?.[k];
    const conditional = k === 'reference' && typeof v === 'string' && /^[A-Za-z]+\?/.test(v);
    out[k] =
      conditional && typeof s === 'string' && s.startsWith(`${v.split('?')[0]!}/`) ? s : asResolved(v, s);
  }
  return out;
}

function references(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.add(v);
      else references(v, out);
    }
  }
  return out;
}

async function historyRows(engine: Engine): Promise<number> {
  return Number((await engine.query<{ n: string }>('SELECT count(*) AS n FROM resource_history')).rows[0]!.n);
}

describe.each(testEngines())('import on %s', (_name, open) => {
  let engine: Engine;
  let repo: Repository;
  let dataDir: string;
  const failures: string[] = [];

  function importer(paths: string[], extra: Partial<ImportOptions> = {}) {
    return runImport({
      paths,
      dataDir,
      apply: (items) => applyImportItems({ repo, ctx: SYSTEM_CONTEXT, baseUrl: BASE }, items),
      onFailure: (source, error) => failures.push(`${source}: ${error}`),
      ...extra,
    });
  }

  beforeAll(async () => {
    engine = await open();
    repo = createRepository({ db: engine, bus: createInProcessBus() });
    dataDir = await mkdtemp(join(tmpdir(), 'hearth-import-'));
  });
  afterAll(async () => {
    await engine.close();
  });

  it('imports the Synthea data with zero errors, every resource equal and every reference resolving', async () => {
    const summary = await importer([SYNTHEA]);
    expect(failures).toEqual([]);
    const expected = await syntheaResources();
    expect(summary).toMatchObject({ created: expected.length, failed: 0, interrupted: false });
    const targets = new Set<string>();
    for (const r of expected) {
      const stored = withoutMeta(await repo.read(SYSTEM_CONTEXT, r.resourceType, r.id!));
      expect(stored).toEqual(asResolved(withoutMeta(r), stored));
      references(stored, targets);
    }
    for (const ref of targets) {
      const [type, id] = ref.split('/');
      await expect(repo.read(SYSTEM_CONTEXT, type!, id!), ref).resolves.toBeDefined();
    }
  }, 240_000); // 5,580 writes and reads back on a shared 2-core machine

  it('creates nothing new when the same data is imported again', async () => {
    const before = await historyRows(engine);
    const summary = await importer([SYNTHEA]);
    expect(summary).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(summary.unchanged).toBe((await syntheaResources()).length);
    expect(await historyRows(engine)).toBe(before);
  });

  it('reports a malformed line and an invalid resource by file and position, and imports the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-bad-'));
    const badGender = (await readFile(join(INVALID, 'patient-bad-gender-code.json'), 'utf8')).replace(
      /\s+/g,
      ' ',
    );
    await writeFile(
      join(dir, 'Patient.ndjson'),
      [
        '{"resourceType":"Patient","id":"good-1"}',
        '{"resourceType":"Patient", "id": ',
        badGender,
        '{"resourceType":"Patient","id":"good-2"}',
      ].join('\n'),
    );
    failures.length = 0;
    const summary = await importer([dir]);
    expect(summary).toMatchObject({ created: 2, failed: 2 });
    expect(failures[0]).toMatch(/^.*Patient\.ndjson:2: invalid JSON/);
    expect(failures[1]).toMatch(/Patient\.ndjson:3: .*Patient\.gender/);
    await expect(repo.read(SYSTEM_CONTEXT, 'Patient', 'good-2')).resolves.toMatchObject({ id: 'good-2' });
  });

  it('resumes an interrupted import where it stopped, writing each resource once', async () => {
    // Practitioners reference nothing, so they import into an empty database.
    const file = join(SYNTHEA, 'Practitioner.000.ndjson');
    const fresh = await open();
    const freshRepo = createRepository({ db: fresh, bus: createInProcessBus() });
    const dir = await mkdtemp(join(tmpdir(), 'hearth-resume-'));
    const apply: ImportOptions['apply'] = (items) =>
      applyImportItems({ repo: freshRepo, ctx: SYSTEM_CONTEXT, baseUrl: BASE }, items);
    try {
      const stop = new AbortController();
      const first = await runImport({
        paths: [file],
        dataDir: dir,
        apply,
        batchSize: 10,
        signal: stop.signal,
        onProgress: (done) => {
          if (done >= 20) stop.abort();
        },
      });
      // Stopped once 20 were counted; the batch already in flight alongside (records 21–30) completes.
      expect(first).toMatchObject({ interrupted: true, created: 30, failed: 0 });
      const second = await runImport({ paths: [file], dataDir: dir, apply, batchSize: 200 });
      expect(second).toMatchObject({ interrupted: false, resumed: 30, created: 43 - 30, failed: 0 });
      expect(await historyRows(fresh)).toBe(43);
    } finally {
      await fresh.close();
    }
  });

  it('exports every current resource as NDJSON that imports back identically', async () => {
    const lines: string[] = [];
    let after: string | undefined;
    do {
      const page = await exportPage(engine, { types: [], after, limit: 1000 });
      lines.push(...page.lines);
      after = page.next;
    } while (after);
    const expected = await syntheaResources();
    expect(lines.length).toBe(expected.length + 2);
    const patients = await exportPage(engine, { types: ['Patient'], limit: 100 });
    expect(patients.lines).toHaveLength(8);
    const dir = await mkdtemp(join(tmpdir(), 'hearth-export-'));
    await writeFile(join(dir, 'all.ndjson'), lines.join('\n'));
    const again = await importer([dir]);
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: lines.length });
  });
});
