import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { assembleRecord, fetchRecord, recordFileName } from './record-bundle.ts';

const BASE = 'http://localhost:8080/fhir/Patient/p/$everything';
const page = (resources: Resource[], next?: string, total = 3): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total,
  link: [{ relation: 'self', url: BASE }, ...(next ? [{ relation: 'next', url: next }] : [])],
  entry: resources.map((resource) => ({
    fullUrl: `http://localhost:8080/fhir/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
  })),
});
const patient: Resource = { resourceType: 'Patient', id: 'p' };
const dr: Resource = { resourceType: 'Practitioner', id: 'dr' };
const obs = (id: string): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'x' },
});

describe('fetchRecord', () => {
  it('follows every next link and keeps each resource once, as one searchset without paging links', async () => {
    const pages: Record<string, Bundle> = {
      first: page([patient, obs('1'), dr], `${BASE}?_offset=2`),
      [`${BASE}?_offset=2`]: page([obs('2'), dr], `${BASE}?_offset=4`),
      [`${BASE}?_offset=4`]: page([obs('3')]),
    };
    const asked: (string | undefined)[] = [];
    const progress: number[] = [];
    const record = await fetchRecord({
      fetchPage: (next) => {
        asked.push(next);
        return Promise.resolve(pages[next ?? 'first']!);
      },
      onProgress: (p) => progress.push(p.resources),
      now: () => new Date('2026-11-23T10:00:00Z'),
    });
    expect(asked).toEqual([undefined, `${BASE}?_offset=2`, `${BASE}?_offset=4`]);
    expect(progress).toEqual([3, 5, 6]);
    expect(record).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 3,
      timestamp: '2026-11-23T10:00:00.000Z',
    });
    expect(record.link).toBeUndefined();
    expect(record.entry?.map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)).toEqual([
      'Patient/p',
      'Observation/1',
      'Practitioner/dr',
      'Observation/2',
      'Observation/3',
    ]);
  });

  it('stops with an error when the server repeats a next link instead of looping forever', async () => {
    const looping = page([obs('1')], `${BASE}?_offset=1`);
    await expect(fetchRecord({ fetchPage: () => Promise.resolve(looping) })).rejects.toThrow(
      /same next link/,
    );
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = fetchRecord({
      fetchPage: () => {
        calls += 1;
        controller.abort();
        return Promise.resolve(page([obs(String(calls))], `${BASE}?_offset=${calls}`));
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('assembleRecord', () => {
  it('gives an empty searchset for no pages', () => {
    expect(assembleRecord([], new Date(0))).toEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: '1970-01-01T00:00:00.000Z',
      entry: [],
    });
  });
});

describe('recordFileName', () => {
  it('names the file with the local calendar date', () => {
    expect(recordFileName(new Date(2026, 0, 5, 23, 30))).toBe('hearth-record-2026-01-05.json');
  });
});
