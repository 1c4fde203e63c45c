// Reference checks (FHIR R4 §2.3.0 References): the literal reference must name a resource type the
// element allows (ElementDefinition.type.targetProfile), and local `#id` references are recorded
// for ref-1 and dom-3, which can only be judged once the whole resource has been read.
import { isResourceType } from '../definitions/structure.ts';
import { report, type ReferenceElement, type Walk } from './context.ts';

const ID = '[A-Za-z0-9\\-.]{1,64}';
// Relative `Type/id[/_history/vid]`, or a conditional reference `Type?criteria` that a transaction
// resolves (§3.1.0.11.2 "Conditional references").
const RELATIVE = new RegExp(`^([A-Za-z]+)(/${ID}(/_history/${ID})?|\\?.*)$`);
const ABSOLUTE_TAIL = new RegExp(`/([A-Z][A-Za-z]+)/${ID}(/_history/${ID})?$`);

export function checkReference(
  walk: Walk,
  targets: ReadonlySet<string> | undefined,
  value: Record<string, unknown>,
  path: string,
): void {
  const reference = value.reference;
  if (typeof reference === 'string') {
    if (reference.startsWith('#')) {
      recordLocalReference(walk, reference.slice(1), { targets, element: path });
    } else {
      const type = referencedType(walk, reference, `${path}.reference`);
      if (type && targets && !targets.has(type)) {
        report(walk, 'invalid', path, `reference to a type not allowed (${[...targets].join('|')})`);
      }
    }
  }
  const declared = value.type;
  if (typeof declared === 'string' && targets && !targets.has(declared) && isResourceType(declared)) {
    report(walk, 'invalid', `${path}.type`, `reference to a type not allowed (${[...targets].join('|')})`);
  }
}

function recordLocalReference(walk: Walk, target: string, reference: ReferenceElement): void {
  const { scope } = walk;
  if (target === '' && scope.currentContained !== undefined)
    scope.containerReferrers.add(scope.currentContained);
  else scope.localReferences.push({ target, expression: `${reference.element}.reference`, reference });
}

/** The resource type a literal reference names, if it can be read from the reference itself. */
function referencedType(walk: Walk, reference: string, expression: string): string | undefined {
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return undefined;
  if (!reference.includes(':')) {
    const type = RELATIVE.exec(reference)?.[1];
    if (!type || !isResourceType(type)) {
      report(walk, 'invalid', expression, `invalid reference '${reference}' (expected Type/id)`);
      return undefined;
    }
    return type;
  }
  const type = ABSOLUTE_TAIL.exec(reference)?.[1];
  return type && isResourceType(type) ? type : undefined;
}
