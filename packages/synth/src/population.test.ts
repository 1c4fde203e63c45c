import type { Bundle, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError, validateResource } from '@hearth/fhir';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from './population.ts';

const now = new Date('2026-11-23T12:00:00Z');
const bundles: Bundle[] = [
  ...generatePopulation({ seed: 'structure', patients: 40, now, region: 'massachusetts' }),
];
const resources: Resource[] = bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource!));

/** Every `reference` string anywhere inside a value. */
function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'reference' && typeof item === 'string') found.push(item);
      else referencesIn(item, found);
    }
  }
  return found;
}

describe('generated population', { timeout: 60_000 }, () => {
  it('starts with the shared providers bundle, then one bundle per patient led by its Patient', () => {
    expect(bundles).toHaveLength(41);
    const shared = new Set(bundles[0]!.entry!.map((e) => e.resource!.resourceType));
    expect([...shared].sort()).toEqual([
      'Location',
      'Organization',
      'Practitioner',
      'PractitionerRole',
      'Schedule',
      'Slot',
    ]);
    for (const bundle of bundles.slice(1)) expect(bundle.entry![0]!.resource!.resourceType).toBe('Patient');
  });

  it('writes every entry as a transaction PUT to Type/id', () => {
    expect(bundles.filter((b) => b.type !== 'transaction')).toEqual([]);
    const wrong = bundles
      .flatMap((b) => b.entry!)
      .filter(
        (e) =>
          e.request?.method !== 'PUT' || e.request.url !== `${e.resource!.resourceType}/${e.resource!.id!}`,
      );
    expect(wrong).toEqual([]);
  });

  it('gives every resource a unique id', () => {
    const keys = resources.map((r) => `${r.resourceType}/${r.id!}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('resolves every reference within the generated set', () => {
    const known = new Set(resources.map((r) => `${r.resourceType}/${r.id!}`));
    const dangling = resources.flatMap((r) => referencesIn(r)).filter((ref) => !known.has(ref));
    expect(dangling).toEqual([]);
  });

  it('keeps each patient bundle inside that patient or the shared resources', () => {
    const shared = new Set(bundles[0]!.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id!}`));
    const outside = bundles.slice(1).flatMap((bundle) => {
      const own = new Set(bundle.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id!}`));
      return referencesIn(bundle).filter((ref) => !own.has(ref) && !shared.has(ref));
    });
    expect(outside).toEqual([]);
  });

  it('passes the Hearth validator for every resource', () => {
    const problems = resources.flatMap((resource) =>
      validateResource(resource).map(
        (issue) => `${resource.resourceType}/${resource.id!}: ${issue.diagnostics ?? ''}`,
      ),
    );
    expect(problems).toEqual([]);
    expect(resources.length).toBeGreaterThan(5000);
  });

  it('passes the Hearth validator as transaction Bundles too', () => {
    const problems = [bundles[0]!, ...bundles.slice(1, 4)].flatMap((bundle) =>
      validateResource(bundle).map((issue) => `${issue.expression ?? ''}: ${issue.diagnostics ?? ''}`),
    );
    expect(problems).toEqual([]);
  });

  it('covers every domain the living demo needs', () => {
    const types = new Set(resources.map((r) => r.resourceType));
    for (const type of [
      'Patient',
      'CareTeam',
      'Encounter',
      'Observation',
      'Condition',
      'MedicationRequest',
      'Immunization',
      'AllergyIntolerance',
      'DocumentReference',
      'Appointment',
      'Device',
      'Schedule',
      'Slot',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('refuses impossible options with an OperationOutcome, not a crash', () => {
    const attempt = (options: object) => () => [
      ...generatePopulation({ seed: 's', patients: 1, now, ...options }),
    ];
    expect(attempt({ patients: -1 })).toThrow(OperationOutcomeError);
    expect(attempt({ region: 'atlantis' })).toThrow(OperationOutcomeError);
    expect(attempt({ now: new Date('nonsense') })).toThrow(OperationOutcomeError);
    expect(attempt({ scheduleWeeks: 1.5 })).toThrow(OperationOutcomeError);
  });
});
