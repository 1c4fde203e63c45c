import type { BundleEntry } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { entryTarget, entryToItem, rewriteReferences } from './import-item.ts';

const patientEntry: BundleEntry = {
  fullUrl: 'urn:uuid:5cbc121b-cd71-4428-b8b7-31e53eba8184',
  resource: { resourceType: 'Patient' },
  request: { method: 'POST', url: 'Patient' },
};

describe('bundle entries as import items', () => {
  it('gives a urn:uuid entry the uuid as its id, so a re-import updates instead of duplicating', () => {
    expect(entryTarget(patientEntry)).toBe('Patient/5cbc121b-cd71-4428-b8b7-31e53eba8184');
    const item = entryToItem(patientEntry, new Map(), 'b.json:entry[0]');
    expect(item).toMatchObject({ action: 'put', resource: { id: '5cbc121b-cd71-4428-b8b7-31e53eba8184' } });
  });

  it('rewrites urn:uuid references, also to later entries, and leaves others alone', () => {
    const targets = new Map([['urn:uuid:p1', 'Patient/p1']]);
    const obs = {
      resourceType: 'Observation',
      subject: { reference: 'urn:uuid:p1' },
      performer: [{ reference: 'Practitioner/x' }],
      note: [{ text: 'urn:uuid:p1' }],
    };
    expect(rewriteReferences(obs, targets)).toEqual({
      ...obs,
      subject: { reference: 'Patient/p1' },
    });
  });

  it('keeps If-None-Exist on entries that have a stable id', () => {
    const entry: BundleEntry = {
      fullUrl: 'urn:uuid:o1',
      resource: { resourceType: 'Organization' },
      request: { method: 'POST', url: 'Organization', ifNoneExist: 'identifier=https://x|1' },
    };
    expect(entryToItem(entry, new Map(), 's')).toMatchObject({
      action: 'put',
      ifNoneExist: 'identifier=https://x|1',
    });
  });

  it('follows PUT, conditional PUT and DELETE requests', () => {
    const put = entryToItem(
      { resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient/a' } },
      new Map(),
      's',
    );
    expect(put).toMatchObject({ action: 'put', resource: { id: 'a' } });
    const cond = entryToItem(
      { resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient?identifier=x|1' } },
      new Map(),
      's',
    );
    expect(cond).toMatchObject({ action: 'conditional-update', query: 'Patient?identifier=x|1' });
    expect(entryToItem({ request: { method: 'DELETE', url: 'Patient/a' } }, new Map(), 's')).toMatchObject({
      action: 'delete',
      url: 'Patient/a',
    });
  });

  it('creates a collection entry without id or stable fullUrl with a server id', () => {
    expect(entryToItem({ resource: { resourceType: 'Patient' } }, new Map(), 's')).toMatchObject({
      action: 'create',
    });
    expect(entryToItem({ resource: { resourceType: 'Patient', id: 'k' } }, new Map(), 's')).toMatchObject({
      action: 'put',
    });
  });

  it('refuses an entry without a resource', () => {
    expect(() => entryToItem({ request: { method: 'POST', url: 'Patient' } }, new Map(), 's')).toThrow(
      /no resource/,
    );
  });
});
