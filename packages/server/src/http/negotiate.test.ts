import { describe, expect, it } from 'vitest';
import { assertAcceptsJson, serialize } from './negotiate.ts';
import { needsAuthentication } from './app.ts';

describe('content negotiation', () => {
  it.each(['json', 'application/json', 'application/fhir+json', 'application/fhir+json; fhirVersion=4.0'])(
    'serves _format=%s',
    (format) => {
      expect(() => {
        assertAcceptsJson(format, undefined);
      }).not.toThrow();
    },
  );

  it.each(['xml', 'application/fhir+xml', 'text/xml', 'ttl'])('refuses _format=%s with 406', (format) => {
    expect(() => {
      assertAcceptsJson(format, undefined);
    }).toThrow(/FHIR JSON only/);
  });

  it('lets _format override an Accept that asks for XML', () => {
    expect(() => {
      assertAcceptsJson('json', 'application/fhir+xml');
    }).not.toThrow();
  });

  it('accepts a browser Accept header through its */* range, and no Accept at all', () => {
    expect(() => {
      assertAcceptsJson(undefined, 'text/html,application/xhtml+xml,*/*;q=0.8');
    }).not.toThrow();
    expect(() => {
      assertAcceptsJson(undefined, undefined);
    }).not.toThrow();
  });

  it('refuses an Accept that takes only XML, or JSON with q=0', () => {
    expect(() => {
      assertAcceptsJson(undefined, 'application/fhir+xml');
    }).toThrow();
    expect(() => {
      assertAcceptsJson(undefined, 'application/fhir+json;q=0, application/xml');
    }).toThrow();
  });

  it('pretty-prints only when asked', () => {
    expect(serialize({ a: 1 }, false)).toBe('{"a":1}');
    expect(serialize({ a: 1 }, true)).toBe('{\n  "a": 1\n}');
  });
});

describe('which requests need a token', () => {
  it.each([
    ['GET', '/fhir/Patient', true],
    ['POST', '/fhir', true],
    ['GET', '/fhir?_type=Patient', true],
    ['GET', '/fhir/metadata', false],
    ['GET', '/fhir/metadata?_format=json', false],
    ['POST', '/fhir/metadata', true],
    ['GET', '/fhir/.well-known/smart-configuration', false],
    ['GET', '/fhirish', false],
    ['GET', '/healthz', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(needsAuthentication({ method, url })).toBe(expected);
  });
});
