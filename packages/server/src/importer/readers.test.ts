import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from './discover-files.ts';
import { readJsonFile, recordCount, scanJsonFile } from './read-bundle.ts';
import { countLines, readNdjson } from './read-ndjson.ts';
import type { SourceRecord } from './source-record.ts';

async function all(gen: AsyncGenerator<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('import readers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-readers-'));
  });

  it('reads NDJSON line by line, reporting a malformed line by its line number', async () => {
    const file = join(dir, 'Patient.ndjson');
    await writeFile(
      file,
      '{"resourceType":"Patient","id":"a"}\n\n{broken\n{"resourceType":"Patient","id":"b"}',
    );
    expect(await countLines(file)).toBe(4);
    const records = await all(readNdjson(file, 'Patient.ndjson', 0));
    expect(records.map((r) => r.source)).toEqual([
      'Patient.ndjson:1',
      'Patient.ndjson:3',
      'Patient.ndjson:4',
    ]);
    expect(records[1]).toMatchObject({ error: expect.stringMatching(/invalid JSON/) });
    const resumed = await all(readNdjson(file, 'Patient.ndjson', 2));
    expect(resumed).toEqual([expect.objectContaining({ source: 'Patient.ndjson:4' })]);
  });

  it('streams bundle entries with forward urn:uuid references resolved', async () => {
    const file = join(dir, 'bundle.json');
    await writeFile(
      file,
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:e1',
            resource: { resourceType: 'Encounter', subject: { reference: 'urn:uuid:p1' } },
            request: { method: 'POST', url: 'Encounter' },
          },
          {
            fullUrl: 'urn:uuid:p1',
            resource: { resourceType: 'Patient' },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      }),
    );
    const scan = await scanJsonFile(file);
    expect(recordCount(scan)).toBe(2);
    const records = await all(readJsonFile(file, 'bundle.json', scan, 0));
    expect(records[0]).toMatchObject({
      source: 'bundle.json:entry[0]',
      item: { action: 'put', resource: { id: 'e1', subject: { reference: 'Patient/p1' } } },
    });
    expect(await all(readJsonFile(file, 'bundle.json', scan, 1))).toHaveLength(1);
  });

  it('reads a .json file holding one resource as one record', async () => {
    const file = join(dir, 'one.json');
    await writeFile(file, '{"resourceType":"Patient","id":"solo"}');
    const scan = await scanJsonFile(file);
    expect(await all(readJsonFile(file, 'one.json', scan, 0))).toEqual([
      expect.objectContaining({ item: expect.objectContaining({ action: 'put' }) }),
    ]);
  });

  it('finds files recursively with shared resource types first', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'sub'), { recursive: true });
    for (const f of [
      'Observation.ndjson',
      'Patient.ndjson',
      'sub/Organization.ndjson',
      'notes.txt',
      'sub/Practitioner.ndjson',
    ]) {
      await writeFile(join(root, f), '');
    }
    const files = (await discoverFiles([root])).map((f) => f.slice(root.length + 1));
    expect(files).toEqual([
      'sub/Organization.ndjson',
      'sub/Practitioner.ndjson',
      'Patient.ndjson',
      'Observation.ndjson',
    ]);
  });
});
