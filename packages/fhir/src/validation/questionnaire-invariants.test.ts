import { beforeAll, describe, expect, it } from 'vitest';
import { validateResource } from './validate.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  validateResource({ resourceType: 'Patient', gender: 'male' });
}, 60_000);

function problems(resource: unknown): (string | undefined)[] {
  return validateResource(resource).map((i) => i.expression);
}

function diagnostics(resource: unknown): string {
  return validateResource(resource)
    .map((i) => i.diagnostics)
    .join('; ');
}

const questionnaire = (item: unknown[]) => ({ resourceType: 'Questionnaire', status: 'active', item });
const question = (linkId: string, extra: object = {}) => ({ linkId, text: linkId, type: 'choice', ...extra });

describe('Questionnaire invariants', () => {
  it('accepts a well-formed screener with a conditional question', () => {
    const screener = questionnaire([
      question('q1', { answerValueSet: 'http://example.org/ValueSet/yes-no' }),
      question('q2', {
        answerOption: [{ valueCoding: { code: 'y' } }, { valueCoding: { code: 'n' } }],
        enableWhen: [{ question: 'q1', operator: '=', answerCoding: { code: 'y' } }],
      }),
      { linkId: 'g', type: 'group', item: [{ linkId: 'note', type: 'display', text: 'Thanks' }] },
    ]);
    expect(problems(screener)).toEqual([]);
  });

  it('rejects a linkId used twice anywhere in the questionnaire (que-2)', () => {
    const nested = questionnaire([question('q1'), { linkId: 'g', type: 'group', item: [question('q1')] }]);
    expect(problems(nested)).toEqual(['Questionnaire.item[1].item[0].linkId']);
  });

  it('rejects a group without items and a display item with items (que-1)', () => {
    const bad = questionnaire([
      { linkId: 'g', type: 'group' },
      { linkId: 'd', type: 'display', text: 'x', item: [question('q')] },
    ]);
    expect(problems(bad)).toEqual(['Questionnaire.item[0]', 'Questionnaire.item[1].item']);
  });

  it('rejects answerOption together with answerValueSet (que-4)', () => {
    const both = question('q', {
      answerOption: [{ valueString: 'a' }],
      answerValueSet: 'http://example.org/vs',
    });
    expect(problems(questionnaire([both]))).toEqual(['Questionnaire.item[0].answerOption']);
  });

  it('rejects required, code, readOnly and initial on display items (que-3, que-6, que-8, que-9)', () => {
    const display = {
      linkId: 'd',
      type: 'display',
      text: 'x',
      required: true,
      readOnly: true,
      code: [{ code: 'c' }],
    };
    expect(diagnostics(questionnaire([display]))).toMatch(/que-3.*que-6.*que-9/);
    const initial = { linkId: 'd', type: 'display', text: 'x', initial: [{ valueString: 'a' }] };
    expect(diagnostics(questionnaire([initial]))).toContain('que-8');
  });

  it('rejects several initial values on a non-repeating item (que-13)', () => {
    const item = { linkId: 's', type: 'string', initial: [{ valueString: 'a' }, { valueString: 'b' }] };
    expect(problems(questionnaire([item]))).toEqual(['Questionnaire.item[0].initial']);
  });

  it('needs enableBehavior with several conditions and a boolean for exists (que-12, que-7)', () => {
    const conditions = [
      { question: 'a', operator: 'exists', answerString: 'yes' },
      { question: 'b', operator: '=', answerString: 'x' },
    ];
    expect(problems(questionnaire([question('q', { enableWhen: conditions })]))).toEqual([
      'Questionnaire.item[0].enableWhen[0]',
      'Questionnaire.item[0].enableBehavior',
    ]);
  });
});

describe('QuestionnaireResponse invariants', () => {
  const response = (item: unknown[]) => ({
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item,
  });

  it('accepts answers with nested items beneath the answer', () => {
    const answer = { valueBoolean: true, item: [{ linkId: 'q1a', answer: [{ valueString: 'x' }] }] };
    expect(problems(response([{ linkId: 'q1', answer: [answer] }, { linkId: 'q2' }]))).toEqual([]);
  });

  it('rejects nested items beneath both the item and its answer (qrs-1)', () => {
    const item = { linkId: 'q1', answer: [{ valueBoolean: true }], item: [{ linkId: 'q1a' }] };
    expect(problems(response([item]))).toEqual(['QuestionnaireResponse.item[0]']);
  });

  it('rejects the same question answered in two sibling items (qrs-2)', () => {
    const twice = [
      { linkId: 'q1', answer: [{ valueInteger: 1 }] },
      { linkId: 'q1', answer: [{ valueInteger: 2 }] },
    ];
    expect(problems(response(twice))).toEqual(['QuestionnaireResponse.item[1].linkId']);
  });
});

describe('Consent invariants', () => {
  const privacy = {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
  };
  const consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: privacy,
    category: [{ text: 'privacy' }],
  };

  it('accepts a privacy consent with its patient and policy rule', () => {
    const complete = { ...consent, patient: { reference: 'Patient/1' }, policyRule: { text: 'opt-in' } };
    expect(problems(complete)).toEqual([]);
  });

  it('needs a policy or policyRule, and a patient for a privacy consent (ppc-1, ppc-2)', () => {
    expect(problems(consent)).toEqual(['Consent.policyRule', 'Consent.patient']);
  });
});
