import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { BatchScheduler } from './batch-scheduler.ts';
import type { ImportItem, ImportItemResult } from './import-item.ts';

/** An apply whose batches finish only when the test says so, recording which ran at the same time. */
function controlledApply() {
  const open = new Map<string, () => void>();
  const overlaps: string[][] = [];
  const apply = (items: ImportItem[]): Promise<ImportItemResult[]> => {
    const name = items[0]!.source;
    return new Promise((resolve) => {
      open.set(name, () => {
        open.delete(name);
        resolve(items.map(() => ({ status: 'created' })));
      });
      overlaps.push([...open.keys()]);
    });
  };
  return { apply, open, overlaps };
}

function put(name: string, resource: Resource): ImportItem {
  return { source: name, action: 'put', resource };
}

const patient = (id: string): Resource => ({ resourceType: 'Patient', id });

/** Whether `start` is still waiting after every pending callback has run. */
async function isWaiting(started: Promise<unknown>): Promise<boolean> {
  const waiting = Symbol('waiting');
  return (
    (await Promise.race([
      started,
      new Promise((r) =>
        setImmediate(() => {
          r(waiting);
        }),
      ),
    ])) === waiting
  );
}

describe('import batch scheduler', () => {
  it('runs batches of different resources at the same time, up to the limit', async () => {
    const c = controlledApply();
    const s = new BatchScheduler(c.apply, 2);
    await s.start([put('a', patient('1'))]);
    await s.start([put('b', patient('2'))]);
    const third = s.start([put('c', patient('3'))]);
    expect(await isWaiting(third)).toBe(true);
    expect(c.overlaps.at(-1)).toEqual(['a', 'b']);
    c.open.get('a')!();
    await third;
    expect(c.overlaps.at(-1)).toEqual(['b', 'c']);
  });

  it('holds back a batch that writes a resource a batch in flight writes', async () => {
    const c = controlledApply();
    const s = new BatchScheduler(c.apply, 4);
    await s.start([put('a', patient('1'))]);
    const again = s.start([put('b', patient('1'))]);
    expect(await isWaiting(again)).toBe(true);
    c.open.get('a')!();
    const { results } = await again;
    c.open.get('b')!();
    expect(await results).toEqual([{ status: 'created' }]);
  });

  it('holds back a conditional reference to a type that a batch in flight writes', async () => {
    const c = controlledApply();
    const s = new BatchScheduler(c.apply, 4);
    await s.start([put('a', { resourceType: 'Practitioner', id: 'p1' })]);
    const encounter: Resource = {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { code: 'AMB' },
      participant: [{ individual: { reference: 'Practitioner?identifier=http://x|1' } }],
    };
    const dependent = s.start([put('b', encounter)]);
    expect(await isWaiting(dependent)).toBe(true);
    c.open.get('a')!();
    await dependent;
    expect(c.overlaps.at(-1)).toEqual(['b']);
  });

  it('runs a batch with a delete or a conditional write alone', async () => {
    const c = controlledApply();
    const s = new BatchScheduler(c.apply, 4);
    await s.start([put('a', patient('1'))]);
    const deleting = s.start([{ source: 'b', action: 'delete', url: 'Observation/9' }]);
    expect(await isWaiting(deleting)).toBe(true);
    c.open.get('a')!();
    await deleting;
    const after = s.start([put('c', patient('2'))]);
    expect(await isWaiting(after)).toBe(true);
    c.open.get('b')!();
    await after;
    const conditional = s.start([
      { source: 'd', action: 'create', resource: patient('3'), ifNoneExist: 'identifier=x|1' },
    ]);
    expect(await isWaiting(conditional)).toBe(true);
  });

  it('lets a batch whose apply failed make room for the next one', async () => {
    const s = new BatchScheduler(() => Promise.reject(new Error('server went away')), 1);
    const first = await s.start([put('a', patient('1'))]);
    await expect(first.results).rejects.toThrow('server went away');
    const second = await s.start([put('b', patient('2'))]);
    await expect(second.results).rejects.toThrow('server went away');
  });
});
