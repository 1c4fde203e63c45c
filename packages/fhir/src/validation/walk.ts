// Walks a resource's JSON against the compiled R4 schemas (FHIR R4 §2.6.2 JSON representation,
// §2.21 ElementDefinition cardinality and types), reporting each problem at its FHIRPath.
// These functions run for every element of every write, so they take positional parameters rather
// than an options object per call.
import { isResourceType } from '../definitions/structure.ts';
import { checkContainedResource, checkLocalReferences } from './contained.ts';
import { isJsonObject, newScope, report, type Walk } from './context.ts';
import { primitiveProblem } from './primitives.ts';
import { checkReference } from './references.ts';
import { schemaFor, type FieldRule, type ObjectSchema } from './schema.ts';

/** Validates a resource; `path` is empty at the root and the element's path when nested. */
export function walkResource(walk: Walk, resource: Record<string, unknown>, path: string): void {
  const type = resource.resourceType;
  if (typeof type !== 'string') {
    report(walk, 'required', path ? `${path}.resourceType` : 'resourceType', 'resourceType missing');
    return;
  }
  if (!isResourceType(type)) {
    report(walk, 'not-supported', path || type, `unknown resourceType '${type}'`);
    return;
  }
  walkObject(walk, schemaFor(type)!, resource, path || type, true);
}

function walkObject(
  walk: Walk,
  schema: ObjectSchema,
  value: Record<string, unknown>,
  path: string,
  isResource = false,
): void {
  let contentKeys = 0;
  let choices: Map<string, string> | undefined;
  for (const key in value) {
    // JSON has no undefined; an in-process caller's `{ x: undefined }` means x is absent.
    if (value[key] === undefined) continue;
    if (key !== 'id') contentKeys++;
    if (isResource && key === 'resourceType') continue;
    const rule = schema.fields.get(key);
    if (rule) {
      if (rule.choice) {
        choices ??= new Map();
        if (choices.has(rule.name)) {
          report(walk, 'structure', `${path}.${rule.name}`, `choice element with more than one type`);
        }
        choices.set(rule.name, key);
      }
      const extensions = rule.primitive && rule.isArray ? value['_' + key] : undefined;
      walkField(walk, rule, value[key], `${path}.${key}`, extensions);
      continue;
    }
    const primitive = key.startsWith('_') ? schema.fields.get(key.slice(1)) : undefined;
    if (primitive?.primitive) {
      walkPrimitiveElement(walk, primitive, value[key], `${path}.${key.slice(1)}`, value[key.slice(1)]);
    } else {
      report(walk, 'structure', `${path}.${key}`, `unknown element '${key}'`);
    }
  }
  // ele-1 (FHIR R4 §2.21.0.1 Element): every element has a value or children other than its id.
  if (!isResource && contentKeys === 0) report(walk, 'invalid', path, 'element must have content (ele-1)');
  checkRequired(walk, schema, value, path);
  schema.invariant?.(walk, value, path);
}

function checkRequired(walk: Walk, schema: ObjectSchema, value: Record<string, unknown>, path: string): void {
  for (const { name, min, keys, extensionKeys } of schema.required) {
    let count = countValues(value, keys);
    if (count < min) count = Math.max(count, countValues(value, extensionKeys));
    if (count < min) report(walk, 'required', `${path}.${name}`, `required element missing (min ${min})`);
  }
}

function countValues(value: Record<string, unknown>, keys: readonly string[]): number {
  let count = 0;
  for (const key of keys) {
    const present = value[key];
    if (present !== undefined && present !== null) count += Array.isArray(present) ? present.length : 1;
  }
  return count;
}

function walkField(walk: Walk, rule: FieldRule, value: unknown, path: string, extensions: unknown): void {
  if (value === null) {
    report(walk, 'structure', path, 'null is not allowed in FHIR JSON');
  } else if (!rule.isArray) {
    if (Array.isArray(value))
      report(walk, 'structure', path, `element with max cardinality 1 must not be an array`);
    else walkValue(walk, rule, value, path);
  } else if (!Array.isArray(value)) {
    report(walk, 'structure', path, `element with max cardinality ${maxLabel(rule.max)} must be an array`);
  } else if (value.length === 0) {
    report(walk, 'structure', path, 'empty array is not allowed (ele-1)');
  } else {
    if (value.length > rule.max) report(walk, 'structure', path, `at most ${rule.max} values allowed`);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // §2.6.2: in a primitive array, null holds the place of a value that only has extensions.
      if (item !== null) walkValue(walk, rule, item, `${path}[${i}]`);
      else if (!rule.primitive || !Array.isArray(extensions) || extensions[i] == null) {
        report(walk, 'structure', `${path}[${i}]`, 'null is not allowed in FHIR JSON');
      }
    }
  }
}

function walkValue(walk: Walk, rule: FieldRule, value: unknown, path: string): void {
  if (rule.primitive) {
    const problem = primitiveProblem(rule.type, value);
    if (problem) report(walk, 'value', path, problem);
    else if (rule.requiredCodes && !rule.requiredCodes.has(value as string)) {
      report(
        walk,
        'code-invalid',
        path,
        `code '${String(value)}' not in required value set ${rule.requiredValueSet}`,
      );
    } else if ((rule.type === 'canonical' || rule.type === 'uri') && (value as string).startsWith('#')) {
      // dom-3 counts canonical and uri pointers to contained resources as references to them.
      walk.scope.localReferences.push({ target: (value as string).slice(1), expression: path });
    }
    return;
  }
  if (!isJsonObject(value)) {
    report(walk, 'structure', path, `${rule.type} expected`);
  } else if (rule.type === 'Resource') {
    walkNestedResource(walk, rule, value, path);
  } else {
    walkObject(walk, rule.schema!(), value, path);
    if (rule.type === 'Reference') checkReference(walk, rule.referenceTargets, value, path);
  }
}

/** contained shares its container's scope; Bundle entries and Parameters are resources of their own. */
function walkNestedResource(walk: Walk, rule: FieldRule, value: Record<string, unknown>, path: string): void {
  if (rule.name !== 'contained') {
    const nested: Walk = { issues: walk.issues, scope: newScope() };
    walkResource(nested, value, path);
    checkLocalReferences(nested);
    return;
  }
  const { scope } = walk;
  scope.currentContained = scope.contained.length;
  const id = typeof value.id === 'string' ? value.id : undefined;
  scope.contained.push({ id, type: value.resourceType, expression: path });
  walkResource(walk, value, path);
  scope.currentContained = undefined;
  checkContainedResource(walk, value, path);
}

/** `_name` siblings carry a primitive's id and extensions (§2.6.2.1); their arrays pair by index. */
function walkPrimitiveElement(
  walk: Walk,
  rule: FieldRule,
  value: unknown,
  path: string,
  values: unknown,
): void {
  const element = schemaFor('Element')!;
  if (!rule.isArray) {
    if (isJsonObject(value)) walkObject(walk, element, value, path);
    else report(walk, 'structure', path, 'primitive extensions must be an object');
    return;
  }
  if (!Array.isArray(value) || (Array.isArray(values) && values.length !== value.length)) {
    report(walk, 'structure', path, 'primitive extensions must be an array as long as the values');
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (isJsonObject(item)) walkObject(walk, element, item, `${path}[${i}]`);
    else if (item !== null || !Array.isArray(values) || values[i] == null) {
      report(walk, 'structure', `${path}[${i}]`, 'primitive extensions must be objects or null');
    }
  }
}

function maxLabel(max: number): string {
  return max === Infinity ? '*' : String(max);
}
