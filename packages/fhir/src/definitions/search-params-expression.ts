// Splitting R4 SearchParameter expressions per resource type. A shared parameter such as
// clinical-code has one expression for all its bases, joined with `|` (FHIRPath union):
// `AllergyIntolerance.code | AllergyIntolerance.reaction.substance | Condition.code | ...`.

/** Splits on `|` outside parentheses, brackets and string literals. */
export function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p !== '');
}

const ROOT = /^\(*\s*([A-Za-z][A-Za-z0-9]*)/;

/** The type name a part starts from: `Patient` in `(Patient.deceased as dateTime)`. */
export function expressionRoot(part: string): string | undefined {
  return ROOT.exec(part)?.[1];
}

/**
 * The parts of `expression` that apply to `resourceType`: those rooted at it, at Resource or
 * DomainResource (inherited by every type), or at no type at all (`name | alias` in
 * InsurancePlan-name is relative to the resource). undefined when none applies.
 */
export function expressionFor(
  expression: string,
  resourceType: string,
  bases: readonly string[],
): string | undefined {
  const parts = splitUnion(expression).filter((part) => {
    const root = expressionRoot(part);
    if (root === resourceType || root === 'Resource' || root === 'DomainResource') return true;
    return root !== undefined && !/^[A-Z]/.test(root) && bases.includes(resourceType);
  });
  return parts.length > 0 ? parts.join(' | ') : undefined;
}
