// Parameter types, modifiers and prefixes against the hand-built world in search.fixtures.ts.
// Matches come back in id order (the default sort), so expectations are sorted id lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test-engines.ts';
import { openSearchWorld, type SearchWorld } from './search.fixtures.ts';

describe.each(testEngines())('search values on %s', (_name, open) => {
  let w: SearchWorld;
  beforeAll(async () => {
    w = await openSearchWorld(open);
  });
  afterAll(() => w?.close());

  describe('string', () => {
    it('matches the start of any name part, ignoring case and accents', async () => {
      expect(await w.ids('Patient', 'name=sm')).toEqual(['p1', 'p2']);
      expect(await w.ids('Patient', 'family=MULLER')).toEqual(['p3']);
      expect(await w.ids('Patient', 'name=mith')).toEqual([]);
    });
    it(':contains matches anywhere, :exact only the exact original', async () => {
      expect(await w.ids('Patient', 'name:contains=MITH')).toEqual(['p1']);
      expect(await w.ids('Patient', 'family:exact=Müller')).toEqual(['p3']);
      expect(await w.ids('Patient', 'family:exact=muller')).toEqual([]);
    });
    it('ORs comma-separated values and ANDs repeated parameters', async () => {
      expect(await w.ids('Patient', 'family=jones,muller')).toEqual(['p3', 'p4']);
      expect(await w.ids('Patient', 'name=sm&given=jane')).toEqual(['p2']);
    });
  });

  describe('token', () => {
    it('matches code alone, system|code, |code (no system) and system|', async () => {
      expect(await w.ids('Observation', 'code=8867-4')).toEqual(['obs1', 'obs3', 'obs5']);
      expect(await w.ids('Observation', 'code=http://loinc.org|29463-7')).toEqual(['obs2']);
      expect(await w.ids('Observation', 'code=http://other|8867-4')).toEqual([]);
      expect(await w.ids('Observation', 'code=|abc')).toEqual(['obs4']);
      expect(await w.ids('Observation', 'code=|8867-4')).toEqual([]);
      expect(await w.ids('Patient', 'identifier=urn:ssn|')).toEqual(['p2']);
      expect(await w.ids('Patient', 'identifier=111')).toEqual(['p1', 'p2']);
    });
    it(':not matches resources without the value, including those with no value', async () => {
      expect(await w.ids('Patient', 'gender:not=male')).toEqual(['p2', 'p3']);
    });
    it(':text searches the display and text', async () => {
      expect(await w.ids('Observation', 'code:text=heart')).toEqual(['obs1', 'obs3', 'obs5']);
      expect(await w.ids('Observation', 'code:text=émotion')).toEqual(['obs4']);
    });
    it(':missing finds resources with and without a value', async () => {
      expect(await w.ids('Patient', 'gender:missing=true')).toEqual(['p3']);
      expect(await w.ids('Patient', 'birthdate:missing=false')).toEqual(['p1', 'p2', 'p3']);
    });
  });

  describe('date', () => {
    it('eq needs the resource range inside the search range', async () => {
      expect(await w.ids('Patient', 'birthdate=1980')).toEqual(['p1', 'p2']);
      expect(await w.ids('Patient', 'birthdate=1980-05-15')).toEqual(['p1']);
      expect(await w.ids('Patient', 'birthdate=1980-05')).toEqual(['p1']);
      expect(await w.ids('Observation', 'date=2020-03')).toEqual(['obs1', 'obs2']);
      expect(await w.ids('Observation', 'date=2020')).toEqual(['obs1', 'obs2', 'obs3']);
    });
    it('gt/lt compare the ranges above and below the search value', async () => {
      // p2's 1980 ends after 1980-05-15 and starts before it: both gt and lt.
      expect(await w.ids('Patient', 'birthdate=gt1980-05-15')).toEqual(['p2', 'p3']);
      expect(await w.ids('Patient', 'birthdate=lt1980-05-15')).toEqual(['p2']);
      expect(await w.ids('Observation', 'date=gt2020-03-05')).toEqual(['obs2', 'obs3', 'obs4']);
    });
    it('ge/le include the search range itself', async () => {
      expect(await w.ids('Patient', 'birthdate=ge1980-05-15')).toEqual(['p1', 'p2', 'p3']);
      expect(await w.ids('Patient', 'birthdate=le1980')).toEqual(['p1', 'p2']);
    });
    it('sa/eb need the resource range strictly after/before', async () => {
      expect(await w.ids('Patient', 'birthdate=sa1980-05-15')).toEqual(['p3']);
      expect(await w.ids('Observation', 'date=eb2020-03-06')).toEqual(['obs1']);
      expect(await w.ids('Observation', 'date=sa2020-06-29')).toEqual(['obs4']);
    });
    it('ne is the complement of eq among resources with a value', async () => {
      expect(await w.ids('Patient', 'birthdate=ne1980')).toEqual(['p3']);
    });
    it('ap matches ranges near the value', async () => {
      expect(await w.ids('Patient', 'birthdate=ap1980-05-20')).toEqual(['p1', 'p2']);
    });
    it('a Period matches by its start and end', async () => {
      expect(await w.ids('Observation', 'date=ge2020-06-01&date=le2020-06-30')).toEqual(['obs3']);
    });
  });

  describe('number and quantity', () => {
    it('number eq uses the implicit precision of the search value', async () => {
      // 0.3 means [0.25, 0.35): 0.25 is inside it; 0.30 means [0.295, 0.305).
      expect(await w.ids('RiskAssessment', 'probability=0.3')).toEqual(['ra1', 'ra2']);
      expect(await w.ids('RiskAssessment', 'probability=0.30')).toEqual(['ra2']);
      expect(await w.ids('RiskAssessment', 'probability=0.25')).toEqual(['ra1']);
      expect(await w.ids('RiskAssessment', 'probability=0.2')).toEqual([]);
      expect(await w.ids('RiskAssessment', 'probability=gt0.25')).toEqual(['ra2']);
      expect(await w.ids('RiskAssessment', 'probability=le0.3')).toEqual(['ra1', 'ra2']);
    });
    it('quantity compares UCUM values in canonical units: 5400 mg is 5.4 g', async () => {
      expect(await w.ids('Observation', 'value-quantity=5400|http://unitsofmeasure.org|mg')).toEqual([
        'obs2',
      ]);
      expect(await w.ids('Observation', 'value-quantity=5.4|http://unitsofmeasure.org|g')).toEqual(['obs2']);
      expect(await w.ids('Observation', 'value-quantity=5.5|http://unitsofmeasure.org|g')).toEqual([]);
      expect(await w.ids('Observation', 'value-quantity=gt75|http://unitsofmeasure.org|/min')).toEqual([
        'obs3',
      ]);
    });
    it('quantity number||code matches the code or unit; a bare number any unit', async () => {
      expect(await w.ids('Observation', 'value-quantity=100||kg')).toEqual(['obs4']);
      expect(await w.ids('Observation', 'value-quantity=ge80')).toEqual(['obs3', 'obs4']);
    });
    it('composite code-value-quantity pairs the code with its own value', async () => {
      expect(await w.ids('Observation', 'code-value-quantity=http://loinc.org|8867-4$72')).toEqual(['obs1']);
      expect(await w.ids('Observation', 'code-value-quantity=8867-4$gt75')).toEqual(['obs3']);
      expect(await w.ids('Observation', 'code-value-quantity=29463-7$72')).toEqual([]);
    });
  });

  describe('reference and uri', () => {
    it('matches id, Type/id, an absolute URL under the base, and :Type', async () => {
      expect(await w.ids('Observation', 'subject=Patient/p1')).toEqual(['obs1', 'obs2']);
      expect(await w.ids('Observation', 'subject=p2')).toEqual(['obs3', 'obs4']);
      expect(await w.ids('Observation', 'subject=http://hearth.test/fhir/Patient/p3')).toEqual(['obs5']);
      expect(await w.ids('Observation', 'subject:Patient=p3')).toEqual(['obs5']);
      expect(await w.ids('Observation', 'subject:Group=p3')).toEqual([]);
    });
    it('uri matches exactly, :below everything under it, :above its ancestors', async () => {
      expect(await w.ids('ValueSet', 'url=http://acme.org/fhir/ValueSet/123')).toEqual(['vs1']);
      expect(await w.ids('ValueSet', 'url:below=http://acme.org/fhir')).toEqual(['vs1', 'vs2']);
      expect(await w.ids('ValueSet', 'url:above=http://acme.org/fhir/ValueSet/123/_history/2')).toEqual([
        'vs1',
      ]);
    });
  });

  describe('common parameters', () => {
    it('_id, _tag, _lastUpdated, _text and _content', async () => {
      expect(await w.ids('Patient', '_id=p2,p4')).toEqual(['p2', 'p4']);
      expect(await w.ids('Patient', '_tag=urn:tags|vip')).toEqual(['p1']);
      expect(await w.ids('Patient', '_lastUpdated=gt2000-01-01&_id=p1')).toEqual(['p1']);
      expect(await w.ids('Patient', '_lastUpdated=lt2000-01-01')).toEqual([]);
      expect(await w.ids('Patient', '_text=CARDIAC')).toEqual(['p1']);
      expect(await w.ids('Patient', '_content=smythe')).toEqual(['p2']);
    });
    it('_list returns the members of a List', async () => {
      expect(await w.ids('Patient', '_list=l1')).toEqual(['p1', 'p3']);
    });
  });
});
