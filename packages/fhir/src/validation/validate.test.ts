import { beforeAll, describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../outcomes.ts';
import { assertValidResource, validateResource } from './validate.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  validateResource({ resourceType: 'Patient', gender: 'male' });
}, 60_000);

/** The expressions of every issue found. */
function problems(resource: unknown): (string | undefined)[] {
  return validateResource(resource).map((i) => i.expression);
}

const observation = { resourceType: 'Observation', status: 'final', code: { text: 'Heart rate' } };

describe('resource shape', () => {
  it('accepts a minimal valid resource', () => {
    expect(validateResource({ resourceType: 'Patient' })).toEqual([]);
  });

  it('rejects input that is not a JSON object', () => {
    for (const input of [null, 'Patient', [], 42]) expect(validateResource(input)).toHaveLength(1);
  });

  it('rejects abstract and non-R4 resource types', () => {
    expect(problems({ resourceType: 'DomainResource' })).toEqual(['DomainResource']);
    expect(problems({ resourceType: 'SubscriptionStatus' })).toEqual(['SubscriptionStatus']);
  });

  it('checks the resource id format', () => {
    expect(problems({ resourceType: 'Patient', id: 'abc-123.x' })).toEqual([]);
    expect(problems({ resourceType: 'Patient', id: 'x'.repeat(65) })).toEqual(['Patient.id']);
  });

  it('names unknown elements, including unknown choice types and extension siblings', () => {
    expect(problems({ ...observation, valueFoo: 1, _code: { id: 'x' } })).toEqual([
      'Observation.valueFoo',
      'Observation._code',
    ]);
  });

  it('rejects resourceType inside a datatype', () => {
    expect(
      problems({ resourceType: 'Patient', name: [{ resourceType: 'HumanName', family: 'Doe' }] }),
    ).toEqual(['Patient.name[0].resourceType']);
  });
});

describe('cardinality and JSON arrays', () => {
  it('indexes array items in expressions', () => {
    const patient = { resourceType: 'Patient', name: [{ family: 'Doe' }, { given: ['Ada', 7] }] };
    expect(problems(patient)).toEqual(['Patient.name[1].given[1]']);
  });

  it('rejects an array where the element has max 1', () => {
    expect(problems({ resourceType: 'Patient', gender: ['male'] })).toEqual(['Patient.gender']);
  });

  it('rejects empty arrays (ele-1)', () => {
    expect(problems({ resourceType: 'Patient', name: [] })).toEqual(['Patient.name']);
  });

  it('rejects an element holding only its id (ele-1)', () => {
    expect(problems({ resourceType: 'Patient', name: [{ id: 'n1' }] })).toEqual(['Patient.name[0]']);
  });

  it('reports missing required elements of datatypes and backbone elements', () => {
    const patient = { resourceType: 'Patient', link: [{ type: 'seealso' }] };
    expect(problems(patient)).toEqual(['Patient.link[0].other']);
  });
});

describe('primitive values and their extensions', () => {
  const extension = { extension: [{ url: 'http://example.org/why', valueString: 'unknown' }] };

  it('accepts a primitive present only through its extensions', () => {
    expect(problems({ resourceType: 'Patient', _birthDate: extension })).toEqual([]);
    expect(problems({ ...observation, status: undefined, _status: extension })).toEqual([]);
  });

  it('pairs primitive array nulls with extensions by index', () => {
    const name = { given: ['Ada', null], _given: [null, extension] };
    expect(problems({ resourceType: 'Patient', name: [name] })).toEqual([]);
    const unpaired = { given: ['Ada', null], _given: [null, null] };
    expect(problems({ resourceType: 'Patient', name: [unpaired] })).toEqual([
      'Patient.name[0].given[1]',
      'Patient.name[0].given[1]',
    ]);
  });

  it('rejects empty primitive extensions (ele-1)', () => {
    expect(problems({ resourceType: 'Patient', _birthDate: {} })).toEqual(['Patient.birthDate']);
  });

  it('checks nested decimals and strings', () => {
    expect(problems({ ...observation, valueQuantity: { value: 72, unit: '' } })).toEqual([
      'Observation.valueQuantity.unit',
    ]);
  });
});

describe('required bindings', () => {
  it('accepts codes from the value set and rejects others', () => {
    expect(problems({ resourceType: 'Patient', gender: 'female' })).toEqual([]);
    expect(problems({ resourceType: 'Patient', contact: [{ name: { text: 'x' }, gender: 'f' }] })).toEqual([
      'Patient.contact[0].gender',
    ]);
  });

  it('does not guess at value sets it cannot enumerate', () => {
    const photo = { contentType: 'image/x-anything', url: 'http://example.org/p.png' };
    expect(problems({ resourceType: 'Patient', photo: [photo] })).toEqual([]);
  });
});

describe('references', () => {
  const subject = (reference: unknown) => problems({ ...observation, subject: reference });

  it('accepts allowed targets in relative, conditional, absolute and urn forms', () => {
    expect(subject({ reference: 'Patient/123' })).toEqual([]);
    expect(subject({ reference: 'Patient/123/_history/2' })).toEqual([]);
    expect(subject({ reference: 'Patient?identifier=http://x|1' })).toEqual([]);
    expect(subject({ reference: 'https://example.org/fhir/Group/9' })).toEqual([]);
    expect(subject({ reference: 'urn:uuid:0b6bd6c2-1f67-4d1a-9a4c-1a7e12d5c2a1' })).toEqual([]);
  });

  it('rejects targets the element does not allow', () => {
    expect(subject({ reference: 'https://example.org/fhir/Medication/9' })).toEqual(['Observation.subject']);
    expect(subject({ type: 'Practitioner', identifier: { value: '1' } })).toEqual([
      'Observation.subject.type',
    ]);
  });

  it('rejects malformed relative references', () => {
    expect(subject({ reference: 'Patient' })).toEqual(['Observation.subject.reference']);
    expect(subject({ reference: 'Pationt/1' })).toEqual(['Observation.subject.reference']);
  });
});

describe('nested structures', () => {
  it('follows content references such as Questionnaire.item.item', () => {
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'active',
      item: [{ linkId: '1', type: 'group', item: [{ linkId: '1.1', type: 'string', colour: 'red' }] }],
    };
    expect(problems(questionnaire)).toEqual(['Questionnaire.item[0].item[0].colour']);
  });

  it('validates bundle entries as resources of their own', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', gender: 'x' } }, { resource: { resourceType: 'Nope' } }],
    };
    expect(problems(bundle)).toEqual(['Bundle.entry[0].resource.gender', 'Bundle.entry[1].resource']);
  });

  it('validates extensions recursively', () => {
    const extension = [
      { url: 'http://example.org/a', extension: [{ url: 'http://example.org/b', valueFoo: 1 }] },
    ];
    expect(problems({ resourceType: 'Patient', extension })).toEqual([
      'Patient.extension[0].extension[0].valueFoo',
    ]);
  });
});

describe('assertValidResource', () => {
  it('throws a bad-request OperationOutcome naming each element', () => {
    const attempt = () => {
      assertValidResource({ resourceType: 'Patient', birthDate: '1990-13-45', active: 'yes' });
    };
    expect(attempt).toThrow(OperationOutcomeError);
    try {
      attempt();
    } catch (error) {
      const { kind, outcome } = error as OperationOutcomeError;
      expect(kind).toBe('bad-request');
      expect(outcome.issue.map((i) => [i.code, i.expression?.[0]])).toEqual([
        ['value', 'Patient.birthDate'],
        ['value', 'Patient.active'],
      ]);
    }
  });

  it('returns quietly for a valid resource', () => {
    expect(() => {
      assertValidResource(observation);
    }).not.toThrow();
  });
});
