import { OperationOutcomeError } from '@hearth/fhir';
import { describe, expect, it } from 'vitest';
import { parseExportParams, type ParseOptions } from './export-params.ts';

const SYSTEM: ParseOptions = { level: { kind: 'system' }, strict: false, lenient: false };
const PATIENT: ParseOptions = { level: { kind: 'patient' }, strict: false, lenient: false };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue[0]?.diagnostics ?? '';
    throw err;
  }
  throw new Error('expected a 400');
}

describe('$export kick-off parameters', () => {
  it('exports every type at system level and only patient-compartment types at Patient level', () => {
    const system = parseExportParams([], SYSTEM);
    expect(system.explicit).toBe(false);
    expect(system.types).toContain('Organization');
    const patient = parseExportParams([], PATIENT);
    expect(patient.types).toContain('Observation');
    expect(patient.types).toContain('Patient');
    expect(patient.types).not.toContain('Organization');
  });

  it('reads _type (repeated or comma-separated, deduplicated), _since and the NDJSON _outputFormats', () => {
    for (const format of ['application/fhir+ndjson', 'application/ndjson', 'ndjson']) {
      const p = parseExportParams(
        [
          ['_type', 'Patient, Observation'],
          ['_type', 'Patient'],
          ['_since', '2024-01-31T12:00:00+01:00'],
          ['_outputFormat', format],
        ],
        SYSTEM,
      );
      expect(p).toMatchObject({
        types: ['Patient', 'Observation'],
        explicit: true,
        since: '2024-01-31T11:00:00.000Z',
      });
    }
  });

  it('refuses an unknown type, a non-instant _since and a format other than NDJSON', () => {
    expect(refusal(() => parseExportParams([['_type', 'Patient,Nope']], SYSTEM))).toContain('Nope');
    expect(refusal(() => parseExportParams([['_since', '2024-01-31']], SYSTEM))).toContain('instant');
    expect(refusal(() => parseExportParams([['_outputFormat', 'application/fhir+json']], SYSTEM))).toContain(
      '_outputFormat',
    );
  });

  it('ignores unsupported parameters unless handling is strict', () => {
    const query: [string, string][] = [['_elements', 'id']];
    expect(parseExportParams(query, SYSTEM).types.length).toBeGreaterThan(100);
    expect(refusal(() => parseExportParams(query, { ...SYSTEM, strict: true }))).toContain('_elements');
  });

  it('refuses types outside the patient compartment at Patient level unless handling is lenient', () => {
    const query: [string, string][] = [['_type', 'Organization,Patient']];
    expect(refusal(() => parseExportParams(query, PATIENT))).toContain('Organization');
    expect(parseExportParams(query, { ...PATIENT, lenient: true }).types).toEqual(['Patient']);
  });

  it('takes one _typeFilter query per exported type, without result parameters', () => {
    const p = parseExportParams(
      [
        ['_type', 'Observation'],
        ['_typeFilter', 'Observation?category=laboratory&date=ge2024-01-01'],
      ],
      SYSTEM,
    );
    expect(p.typeFilters).toEqual({
      Observation: [
        ['category', 'laboratory'],
        ['date', 'ge2024-01-01'],
      ],
    });
    const twice: [string, string][] = [
      ['_typeFilter', 'Observation?code=1'],
      ['_typeFilter', 'Observation?code=2'],
    ];
    expect(refusal(() => parseExportParams(twice, SYSTEM))).toContain('one _typeFilter');
    expect(refusal(() => parseExportParams([['_typeFilter', 'Observation?_sort=date']], SYSTEM))).toContain(
      '_sort',
    );
    expect(refusal(() => parseExportParams([['_typeFilter', 'category=lab']], SYSTEM))).toContain('Type?');
    const notExported: [string, string][] = [
      ['_type', 'Patient'],
      ['_typeFilter', 'Observation?code=1'],
    ];
    expect(refusal(() => parseExportParams(notExported, SYSTEM))).toContain('does not include');
  });
});
