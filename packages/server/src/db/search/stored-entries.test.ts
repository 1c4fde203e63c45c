import type { Bundle, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { searchsetJson, storedEntry } from './stored-entries.ts';

const stored = (id: string) =>
  JSON.stringify({ resourceType: 'Patient', id, name: [{ family: 'Smith' }], meta: { versionId: '1' } });

function bundleOf(ids: string[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'self', url: 'http://h/fhir/Patient?name=smith' }],
    entry: ids.map((id) => storedEntry(`http://h/fhir/Patient/${id}`, stored(id), 'match')),
  };
}

describe('searchset entries kept as stored text', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const expected = JSON.stringify(bundleOf(['a', 'b']));
    expect(searchsetJson(bundleOf(['a', 'b']))).toBe(expected);
    expect(JSON.parse(expected)).toMatchObject({
      entry: [{ resource: { id: 'a' } }, { resource: { id: 'b' } }],
    });
  });

  it('writes a resource changed after the search as changed, never the stale text', () => {
    const bundle = bundleOf(['a', 'b']);
    (bundle.entry![0]!.resource as Patient).name = [{ family: 'Redacted' }];
    bundle.entry![1]!.resource = { resourceType: 'Patient', id: 'b', active: false };
    const written = JSON.parse(searchsetJson(bundle)) as Bundle;
    expect(written.entry![0]!.resource).toMatchObject({ id: 'a', name: [{ family: 'Redacted' }] });
    expect(written.entry![1]!.resource).toEqual({ resourceType: 'Patient', id: 'b', active: false });
  });

  it('keeps entries that were added or rebuilt by another layer', () => {
    const bundle = bundleOf(['a']);
    bundle.entry = [...bundle.entry!.map((e) => ({ ...e })), { search: { mode: 'outcome' } }];
    expect(JSON.parse(searchsetJson(bundle))).toEqual(JSON.parse(JSON.stringify(bundle)));
  });
});
