import { describe, expect, it } from 'vitest';
import {
  collectConditionalReferences,
  isConditionalReference,
  isUrnUuid,
  replaceExactStrings,
  replaceInUrl,
} from './bundle-references.ts';
import { parsePrefer } from './prefer.ts';
import { versionFromETag } from './respond.ts';

const URN = 'urn:uuid:0f6b1a52-6c7e-4d3f-9a0e-3b1f2c4d5e6f';

describe('bundle reference rewriting', () => {
  it('replaces every string that is exactly a fullUrl, at any depth, leaving the input untouched', () => {
    const input = {
      subject: { reference: URN },
      contained: [{ note: [{ text: URN }, { text: `see ${URN}` }] }],
      count: 3,
    };
    const out = replaceExactStrings(input, new Map([[URN, 'Patient/1']]));
    expect(out.subject.reference).toBe('Patient/1');
    expect(out.contained[0]!.note[0]!.text).toBe('Patient/1');
    expect(out.contained[0]!.note[1]!.text).toBe(`see ${URN}`);
    expect(input.subject.reference).toBe(URN);
  });

  it('rewrites urn:uuid values inside a conditional URL, encoded or not', () => {
    const map = new Map([[URN, 'Patient/1']]);
    expect(replaceInUrl(`Observation?subject=${URN}`, map)).toBe('Observation?subject=Patient%2F1');
    expect(replaceInUrl(`Observation?subject=${encodeURIComponent(URN)}`, map)).toBe(
      'Observation?subject=Patient%2F1',
    );
  });

  it('finds conditional references only in reference elements', () => {
    const found = collectConditionalReferences({
      subject: { reference: 'Patient?identifier=a|b' },
      performer: [{ reference: 'Practitioner/1' }],
      note: [{ text: 'Patient?identifier=a|c' }],
    });
    expect([...found]).toEqual(['Patient?identifier=a|b']);
  });

  it('tells urn:uuids and conditional references from other strings', () => {
    expect(isUrnUuid(URN)).toBe(true);
    expect(isUrnUuid('urn:oid:1.2.3')).toBe(false);
    expect(isConditionalReference('Patient?identifier=x')).toBe(true);
    expect(isConditionalReference('Patient/1')).toBe(false);
  });
});

describe('request header parsing', () => {
  it('reads return and handling from Prefer', () => {
    expect(parsePrefer('return=minimal')).toEqual({ return: 'minimal', handling: undefined });
    expect(parsePrefer('handling=strict, return=OperationOutcome')).toEqual({
      return: 'OperationOutcome',
      handling: 'strict',
    });
    expect(parsePrefer(undefined).return).toBe('representation');
  });

  it('reads a version id from weak and strong ETags', () => {
    expect(versionFromETag('W/"3"')).toBe('3');
    expect(versionFromETag('"3"')).toBe('3');
    expect(versionFromETag('3')).toBe('3');
  });
});
