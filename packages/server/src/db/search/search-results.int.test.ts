// Sorting, paging, totals, result shaping and error handling over the world in search.fixtures.ts.
import { OperationOutcomeError } from '@hearth/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test-engines.ts';
import { matchIds, openSearchWorld, queryOf, type SearchWorld } from './search.fixtures.ts';
import { findMatchingIds } from './search.ts';

const link = (bundle: { link?: { relation: string; url: string }[] }, relation: string) =>
  bundle.link?.find((l) => l.relation === relation)?.url;

describe.each(testEngines())('search results on %s', (_name, open) => {
  let w: SearchWorld;
  beforeAll(async () => {
    w = await openSearchWorld(open);
  });
  afterAll(() => w?.close());

  it('sorts by the lowest value ascending and the highest descending, missing values last', async () => {
    expect(await w.ids('Patient', '_sort=birthdate')).toEqual(['p2', 'p1', 'p3', 'p4']);
    expect(await w.ids('Patient', '_sort=-birthdate')).toEqual(['p3', 'p2', 'p1', 'p4']);
  });

  it('sorts by several keys', async () => {
    expect(await w.ids('Patient', '_sort=gender,-family')).toEqual(['p2', 'p1', 'p4', 'p3']);
    expect(await w.ids('Patient', '_sort=-_id')).toEqual(['p4', 'p3', 'p2', 'p1']);
  });

  it('pages with next/previous links that carry the query', async () => {
    const first = await w.search('Patient', 'name:missing=false&_count=2');
    expect(matchIds(first)).toEqual(['p1', 'p2']);
    // By default a total is given only when the page shows where the results end.
    expect(first.total).toBeUndefined();
    const next = link(first, 'next')!;
    expect(next).toContain('name%3Amissing=false');
    const second = await w.search('Patient', new URL(next).search.slice(1));
    expect(matchIds(second)).toEqual(['p3', 'p4']);
    expect(link(second, 'next')).toBeUndefined();
    expect(second.total).toBe(4);
    expect(link(second, 'previous')).toContain('_offset=0');
  });

  it('walking the pages one by one gives the same order as one page', async () => {
    const all = await w.ids('Observation', '_sort=date');
    const walked: string[] = [];
    let query: string | undefined = '_sort=date&_count=1';
    while (query !== undefined) {
      const page = await w.search('Observation', query);
      walked.push(...matchIds(page));
      const next = link(page, 'next');
      query = next ? new URL(next).search.slice(1) : undefined;
    }
    expect(walked).toEqual(all);
  });

  it('_total: none omits it, accurate counts, estimate gives a number', async () => {
    expect((await w.search('Patient', '_count=1&_total=none')).total).toBeUndefined();
    expect((await w.search('Patient', '_count=1&_total=accurate')).total).toBe(4);
    expect(typeof (await w.search('Patient', '_count=1&_total=estimate')).total).toBe('number');
  });

  it('_summary=count returns only the total', async () => {
    const bundle = await w.search('Observation', 'code=8867-4&_summary=count');
    expect(bundle.total).toBe(3);
    expect(bundle.entry).toEqual([]);
  });

  it('_summary and _elements shape the entries and mark them SUBSETTED', async () => {
    const summary = await w.search('Patient', '_id=p1&_summary=true');
    const p1 = summary.entry![0]!.resource!;
    expect('text' in p1).toBe(false);
    expect(p1.meta?.tag?.map((t) => t.code)).toContain('SUBSETTED');
    const elements = await w.search('Patient', '_id=p1&_elements=gender');
    expect(Object.keys(elements.entry![0]!.resource!).sort()).toEqual([
      'gender',
      'id',
      'meta',
      'resourceType',
    ]);
  });

  it('fills fullUrl and search.mode', async () => {
    const bundle = await w.search('Patient', '_id=p1');
    expect(bundle.entry![0]).toMatchObject({
      fullUrl: 'http://hearth.test/fhir/Patient/p1',
      search: { mode: 'match' },
    });
    expect(bundle.type).toBe('searchset');
  });

  it('strict handling refuses an unknown parameter, naming it', async () => {
    const err = await w.search('Patient', 'colour=blue', { handling: 'strict' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationOutcomeError);
    expect((err as OperationOutcomeError).kind).toBe('bad-request');
    expect((err as OperationOutcomeError).outcome.issue[0]!.expression).toEqual(['colour']);
  });

  it('lenient handling ignores it and says so in an outcome entry', async () => {
    const bundle = await w.search('Patient', 'colour=blue&gender=female', { handling: 'lenient' });
    expect(matchIds(bundle)).toEqual(['p2']);
    const outcome = bundle.entry!.find((e) => e.search?.mode === 'outcome')!.resource!;
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning' }] });
    expect(link(bundle, 'self')).not.toContain('colour');
  });

  it('findMatchingIds serves conditional interactions, strictly', async () => {
    expect(await findMatchingIds(w.db, 'Patient', queryOf('identifier=urn:mrn|111'))).toEqual(['p1']);
    expect(await findMatchingIds(w.db, 'Observation', queryOf('subject=Patient/p2'), 1)).toEqual(['obs3']);
    await expect(findMatchingIds(w.db, 'Patient', queryOf('colour=blue'))).rejects.toBeInstanceOf(
      OperationOutcomeError,
    );
  });

  it('a deleted resource is no longer found', async () => {
    await w.repo.delete({ actor: 'system', scopes: [] }, 'Observation', 'obs5');
    expect(await w.ids('Observation', 'code=8867-4')).toEqual(['obs1', 'obs3']);
  });
});
