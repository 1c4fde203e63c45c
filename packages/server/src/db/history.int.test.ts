import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openRepository, type RepositoryFixture } from './repository.fixtures.ts';
import { SYSTEM_CONTEXT as ctx } from './repository.types.ts';
import { testEngines } from './test-engines.ts';

const baseUrl = 'http://h.test/fhir';
const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

/** The `_page` cursor of a bundle's next link. */
function nextPage(bundle: Bundle): string | undefined {
  const next = bundle.link?.find((l) => l.relation === 'next')?.url;
  return next ? (new URL(next).searchParams.get('_page') ?? undefined) : undefined;
}

const versionsOf = (bundle: Bundle) =>
  bundle.entry?.map((e) => `${e.fullUrl?.replace(`${baseUrl}/`, '')}@${e.response?.etag}`) ?? [];

describe.each(testEngines())('history on %s', (_name, open) => {
  let f: RepositoryFixture;
  beforeAll(async () => {
    f = await openRepository(open);
    // h-1: v1 at 10:00, v2 at 10:02, deleted at 10:04; h-2: v1 at 10:01.
    const at = (minute: number) => {
      f.setNow(`2026-01-01T10:0${minute}:00.000Z`);
    };
    at(0);
    await f.repo.update(ctx, patient('h-1', 'One'));
    at(1);
    await f.repo.update(ctx, patient('h-2', 'Two'));
    at(2);
    await f.repo.update(ctx, patient('h-1', 'One again'));
    at(4);
    await f.repo.delete(ctx, 'Patient', 'h-1');
    f.setNow(undefined);
  });
  afterAll(async () => {
    await f.close();
  });

  it('lists an instance newest first with request, response and total; a delete has no resource', async () => {
    const bundle = await f.repo.history(ctx, 'Patient', 'h-1', { baseUrl });
    expect(bundle.type).toBe('history');
    expect(bundle.total).toBe(3);
    expect(versionsOf(bundle)).toEqual(['Patient/h-1@W/"3"', 'Patient/h-1@W/"2"', 'Patient/h-1@W/"1"']);
    const [deleted, updated, created] = bundle.entry!;
    expect(deleted?.resource).toBeUndefined();
    expect(deleted?.request).toEqual({ method: 'DELETE', url: 'Patient/h-1' });
    expect(updated?.response).toMatchObject({ status: '200 OK', lastModified: '2026-01-01T10:02:00.000Z' });
    expect(created?.request).toEqual({ method: 'PUT', url: 'Patient/h-1' });
    expect(created?.response?.status).toBe('201 Created');
    expect((created?.resource as Patient).name?.[0]?.family).toBe('One');
  });

  it('answers not-found for the history of an unknown instance', async () => {
    expect(await failureOf(f.repo.history(ctx, 'Patient', 'nobody', { baseUrl }))).toBe('not-found');
  });

  it('lists type and system history across resources, newest first', async () => {
    const type = await f.repo.history(ctx, 'Patient', undefined, { baseUrl });
    expect(versionsOf(type)).toEqual([
      'Patient/h-1@W/"3"',
      'Patient/h-1@W/"2"',
      'Patient/h-2@W/"1"',
      'Patient/h-1@W/"1"',
    ]);
    const system = await f.repo.history(ctx, undefined, undefined, { baseUrl });
    expect(versionsOf(system)).toEqual(versionsOf(type));
  });

  it('pages with _count and a next-link cursor, each version exactly once', async () => {
    const seen: string[] = [];
    let page: string | undefined;
    let pages = 0;
    do {
      const bundle = await f.repo.history(ctx, 'Patient', undefined, {
        baseUrl,
        count: 1,
        ...(page ? { page } : {}),
      });
      seen.push(...versionsOf(bundle));
      page = nextPage(bundle);
      pages++;
    } while (page && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(versionsOf(await f.repo.history(ctx, 'Patient', undefined, { baseUrl })));
  });

  it('keeps only versions made at or after _since', async () => {
    const bundle = await f.repo.history(ctx, 'Patient', undefined, {
      baseUrl,
      since: '2026-01-01T10:01:00Z',
    });
    expect(versionsOf(bundle)).toEqual(['Patient/h-1@W/"3"', 'Patient/h-1@W/"2"', 'Patient/h-2@W/"1"']);
  });

  it('keeps only the versions current at _at', async () => {
    const bundle = await f.repo.history(ctx, 'Patient', undefined, { baseUrl, at: '2026-01-01T10:03:00Z' });
    expect(versionsOf(bundle)).toEqual(['Patient/h-1@W/"2"', 'Patient/h-2@W/"1"']);
  });

  it('refuses a malformed _since or page cursor', async () => {
    expect(await failureOf(f.repo.history(ctx, 'Patient', undefined, { baseUrl, since: 'last week' }))).toBe(
      'bad-request',
    );
    expect(await failureOf(f.repo.history(ctx, 'Patient', undefined, { baseUrl, page: 'garbage' }))).toBe(
      'bad-request',
    );
  });
});
