// Questionnaire and QuestionnaireResponse invariants (FHIR R4 questionnaire.html and
// questionnaireresponse.html "Constraints"), hand-compiled. The check-ins domain scores answers by
// linkId, so item structure and linkId uniqueness are correctness rules, not style.
import { isJsonObject, report, type Invariant, type Walk } from './context.ts';

type Item = Record<string, unknown>;

function items(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : value === undefined ? 0 : 1;
}

function check(walk: Walk, failed: boolean, expression: string, diagnostics: string): void {
  if (failed) report(walk, 'invariant', expression, diagnostics);
}

/** que-2: the link ids for groups and questions must be unique within the questionnaire. */
const questionnaire: Invariant = (walk, value, path) => {
  const seen = new Set<string>();
  const visit = (level: unknown, at: string): void => {
    items(level).forEach((item, i) => {
      const here = `${at}.item[${i}]`;
      if (typeof item.linkId === 'string') {
        check(walk, seen.has(item.linkId), `${here}.linkId`, `linkId '${item.linkId}' is not unique (que-2)`);
        seen.add(item.linkId);
      }
      visit(item.item, here);
    });
  };
  visit(value.item, path);
};

const questionnaireItem: Invariant = (walk, item, path) => {
  const { type } = item;
  const display = type === 'display';
  // que-1: group items must have nested items, display items cannot have nested items.
  check(walk, type === 'group' && item.item === undefined, path, 'a group item needs nested items (que-1)');
  check(
    walk,
    display && item.item !== undefined,
    `${path}.item`,
    'a display item has no nested items (que-1)',
  );
  // que-3: display items cannot have a code asserted.
  check(walk, display && item.code !== undefined, `${path}.code`, 'a display item has no code (que-3)');
  // que-4: a question cannot have both answerOption and answerValueSet.
  const both = item.answerOption !== undefined && item.answerValueSet !== undefined;
  check(walk, both, `${path}.answerOption`, 'answerOption and answerValueSet exclude each other (que-4)');
  // que-6: required and repeat aren't permitted for display items.
  const flagged = item.required !== undefined || item.repeats !== undefined;
  check(walk, display && flagged, path, 'a display item is neither required nor repeating (que-6)');
  // que-8: initial values can't be specified for groups or display items.
  const initial = item.initial !== undefined;
  check(
    walk,
    initial && (display || type === 'group'),
    `${path}.initial`,
    'no initial value for a group or display (que-8)',
  );
  // que-9: read-only can't be specified for display items.
  check(
    walk,
    display && item.readOnly !== undefined,
    `${path}.readOnly`,
    'a display item is not read-only (que-9)',
  );
  // que-11: if one or more answerOption is present, initial[x] must not be present.
  check(
    walk,
    initial && item.answerOption !== undefined,
    `${path}.initial`,
    'initial goes with answerOption.initialSelected (que-11)',
  );
  // que-13: only repeating items can have multiple initial values.
  check(
    walk,
    item.repeats !== true && count(item.initial) > 1,
    `${path}.initial`,
    'only repeating items have several initial values (que-13)',
  );
  // que-12: the human text says "more than one" enableWhen needs enableBehavior; its R4 expression
  // says "> 2". We take the strict reading.
  check(
    walk,
    count(item.enableWhen) > 1 && item.enableBehavior === undefined,
    `${path}.enableBehavior`,
    'several enableWhen conditions need enableBehavior (que-12)',
  );
};

/** que-7: if the operator is 'exists', the value must be a boolean. */
const enableWhen: Invariant = (walk, condition, path) => {
  const failed = condition.operator === 'exists' && condition.answerBoolean === undefined;
  check(walk, failed, path, "the 'exists' operator takes a boolean answer (que-7)");
};

/** qrs-2: repeated answers are combined in the answers array of a single item. */
function distinctSiblingLinkIds(walk: Walk, level: unknown, path: string): void {
  const seen = new Set<unknown>();
  items(level).forEach((item, i) => {
    const failed = item.linkId !== undefined && seen.has(item.linkId);
    check(
      walk,
      failed,
      `${path}.item[${i}].linkId`,
      'answers to one item are combined under one linkId (qrs-2)',
    );
    seen.add(item.linkId);
  });
}

export const QUESTIONNAIRE_INVARIANTS: Readonly<Record<string, Invariant>> = {
  Questionnaire: questionnaire,
  'Questionnaire.item': questionnaireItem,
  'Questionnaire.item.enableWhen': enableWhen,
  QuestionnaireResponse: (walk, value, path) => {
    distinctSiblingLinkIds(walk, value.item, path);
  },
  'QuestionnaireResponse.item': (walk, item, path) => {
    // qrs-1: a nested item can't be beneath both item and answer.
    const both = item.answer !== undefined && item.item !== undefined;
    check(walk, both, path, 'nested items sit beneath the item or its answer, not both (qrs-1)');
    distinctSiblingLinkIds(walk, item.item, path);
  },
  'QuestionnaireResponse.item.answer': (walk, answer, path) => {
    distinctSiblingLinkIds(walk, answer.item, path);
  },
};
