import { describe, expect, it } from 'vitest';
import { primitiveProblem } from './primitives.ts';

const valid: [string, unknown][] = [
  ['boolean', true],
  ['integer', -2147483648],
  ['unsignedInt', 0],
  ['positiveInt', 1],
  ['decimal', 72.5],
  ['string', 'Ada Lovelace'],
  ['string', ' padded '],
  ['markdown', '**bold**\n\nline'],
  ['code', 'entered-in-error'],
  ['code', 'two words'],
  ['id', 'a-B.9'],
  ['uri', 'urn:uuid:0b6bd6c2-1f67-4d1a-9a4c-1a7e12d5c2a1'],
  ['url', 'https://example.org/fhir'],
  ['canonical', 'http://hl7.org/fhir/ValueSet/x|4.0.1'],
  ['oid', 'urn:oid:2.16.840.1.113883'],
  ['uuid', 'urn:uuid:0b6bd6c2-1f67-4d1a-9a4c-1a7e12d5c2a1'],
  ['base64Binary', 'SGVsbG8='],
  ['base64Binary', 'SGVs\nbG8='],
  ['date', '2024'],
  ['date', '2024-02'],
  ['date', '2024-02-29'],
  ['dateTime', '2024-02-29T13:05:00+01:00'],
  ['dateTime', '1987-11-19'],
  ['instant', '1987-11-19T00:22:16.824-05:00'],
  ['instant', '2026-01-02T03:04:05Z'],
  ['time', '23:59:60'],
  ['xhtml', '<div xmlns="http://www.w3.org/1999/xhtml">Hi</div>'],
];

const invalid: [string, unknown, string][] = [
  ['boolean', 'true', 'boolean expected'],
  ['integer', 1.5, 'integer expected'],
  ['integer', 2147483648, 'integer out of range'],
  ['integer', '1', 'integer expected'],
  ['unsignedInt', -1, 'integer out of range'],
  ['positiveInt', 0, 'integer out of range'],
  ['decimal', '72', 'decimal expected'],
  ['string', '', 'empty string'],
  ['string', '   ', 'empty string'],
  ['string', 'bell\u0007', 'control characters'],
  ['string', 1, 'string expected'],
  ['code', ' male', 'invalid code'],
  ['code', 'a  b', 'invalid code'],
  ['code', '', 'empty string'],
  ['id', 'has spaces', 'invalid id'],
  ['id', 'x'.repeat(65), 'invalid id'],
  ['uri', 'has space', 'invalid uri'],
  ['oid', 'urn:oid:3.1', 'invalid oid'],
  ['uuid', 'urn:uuid:0B6BD6C2-1F67-4D1A-9A4C-1A7E12D5C2A1', 'invalid uuid'],
  ['base64Binary', 'SGVsbG8', 'invalid base64Binary'],
  ['base64Binary', 'SGV$bG8=', 'invalid base64Binary'],
  ['date', '1990-13-45', 'invalid date'],
  ['date', '2023-02-29', 'invalid date'],
  ['date', '1900-02-29', 'invalid date'],
  ['date', '24-01-01', 'invalid date'],
  ['date', '0000-01-01', 'invalid date'],
  ['dateTime', 'yesterday', 'invalid dateTime'],
  ['dateTime', '2024-01-01T10:00:00', 'invalid dateTime'],
  ['dateTime', '2024-01-01T10:00', 'invalid dateTime'],
  ['instant', '2024-01-01', 'invalid instant'],
  ['instant', '2024-04-31T00:00:00Z', 'invalid instant'],
  ['time', '24:00:00', 'invalid time'],
  ['xhtml', '<p>Hi</p>', 'XHTML namespace'],
];

describe('R4 primitive formats', () => {
  it.each(valid)('accepts a valid %s: %j', (type, value) => {
    expect(primitiveProblem(type, value)).toBeUndefined();
  });

  it.each(invalid)('rejects an invalid %s: %j', (type, value, problem) => {
    expect(primitiveProblem(type, value)).toContain(problem);
  });

  it('checks a multi-megabyte base64 attachment in linear time', () => {
    const data = 'QUJD'.repeat(1_000_000);
    const started = performance.now();
    expect(primitiveProblem('base64Binary', data)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
