import { describe, expect, it } from 'vitest';
import { loggedRoute } from './request-log.ts';

describe('request log line', () => {
  it('never carries the query string of a search', () => {
    expect(loggedRoute('/fhir/*', '/fhir/Patient?name=smith&birthdate=1970-01-01')).toBe('/fhir/Patient');
  });

  it('hides resource ids and versions behind the resource type', () => {
    expect(loggedRoute('/fhir/*', '/fhir/Patient/123/_history/2')).toBe('/fhir/Patient/…');
    expect(loggedRoute('/fhir/*', '/fhir/Patient/123?_elements=name')).toBe('/fhir/Patient/…');
  });

  it('keeps system-level interactions recognisable', () => {
    expect(loggedRoute('/fhir/*', '/fhir/metadata')).toBe('/fhir/metadata');
    expect(loggedRoute('/fhir', '/fhir?_type=Patient')).toBe('/fhir');
  });

  it('logs other routes by their pattern', () => {
    expect(loggedRoute('/oauth2/token', '/oauth2/token')).toBe('/oauth2/token');
    expect(loggedRoute(undefined, '/nowhere?ssn=123')).toBe('(no route)');
  });
});
