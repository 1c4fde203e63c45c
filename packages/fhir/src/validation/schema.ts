// Compiles the R4 element definitions of one type (or one BackboneElement inside it) into the
// lookup the validator walks: JSON property name → rule. Compiled once per type and cached, so a
// write costs map lookups, not definition scans.
import { getTypeDefinition } from '../definitions/structure.ts';
import type { ElementDef, TypeDef } from '../definitions/structure.types.ts';
import type { Invariant } from './context.ts';
import { invariantFor } from './invariants.ts';
import { isPrimitiveTypeCode } from './primitives.ts';
import { enumerateValueSet } from './value-sets.ts';

export interface FieldRule {
  /** The element's name in its definition: 'gender', 'value[x]'. */
  name: string;
  /** The FHIR type this JSON property carries: 'valueQuantity' → 'Quantity'. */
  type: string;
  /** R4 JSON §2.6.2: an element whose max is more than 1 is always an array. */
  isArray: boolean;
  max: number;
  primitive: boolean;
  /** Set for choice elements; two properties of one choice group may not both appear. */
  choice: boolean;
  requiredCodes?: ReadonlySet<string>;
  requiredValueSet?: string;
  /** Resource types a Reference may point to; undefined means any. */
  referenceTargets?: ReadonlySet<string>;
  /** The schema of a complex value; undefined for primitives and resources. */
  schema?: () => ObjectSchema;
}

export interface ObjectSchema {
  /** 'Patient', 'Patient.contact', 'HumanName': also the key of its invariants. */
  id: string;
  fields: ReadonlyMap<string, FieldRule>;
  /** Elements with min ≥ 1, with every JSON property that can carry them. */
  required: readonly RequiredElement[];
  invariant?: Invariant;
}

export interface RequiredElement {
  name: string;
  min: number;
  keys: readonly string[];
  /** `_name` properties: a primitive present only through its extensions still counts (§2.6.2.1). */
  extensionKeys: readonly string[];
}

const cache = new Map<string, ObjectSchema>();
const ANY_RESOURCE = 'http://hl7.org/fhir/StructureDefinition/Resource';

/** The schema of a type ('Patient', 'Quantity') or of an element inside it ('Patient', 'contact'). */
export function schemaFor(typeName: string, elementPath = ''): ObjectSchema | undefined {
  const id = elementPath ? `${typeName}.${elementPath}` : typeName;
  const cached = cache.get(id);
  if (cached) return cached;
  const type = getTypeDefinition(typeName);
  if (!type) return undefined;
  const schema = compile(type, elementPath, id);
  cache.set(id, schema);
  return schema;
}

function compile(type: TypeDef, parentPath: string, id: string): ObjectSchema {
  const fields = new Map<string, FieldRule>();
  const required: RequiredElement[] = [];
  const prefix = parentPath ? parentPath + '.' : '';
  for (const [path, element] of type.elements) {
    if (!path.startsWith(prefix) || path.slice(prefix.length).includes('.')) continue;
    const name = path.slice(prefix.length);
    const rules = fieldRules(type, path, element);
    for (const [key, rule] of rules) fields.set(key, rule);
    if (element.min > 0) {
      const keys = [...rules.keys()];
      const extensionKeys = keys.filter((k) => rules.get(k)?.primitive).map((k) => '_' + k);
      required.push({ name, min: element.min, keys, extensionKeys });
    }
  }
  const invariant = invariantFor(id);
  return invariant ? { id, fields, required, invariant } : { id, fields, required };
}

/** One rule per JSON property an element can appear as: one, or one per type of a choice. */
function fieldRules(type: TypeDef, path: string, element: ElementDef): Map<string, FieldRule> {
  const rules = new Map<string, FieldRule>();
  const name = path.slice(path.lastIndexOf('.') + 1);
  const definition = element.contentReference ? type.elements.get(element.contentReference) : element;
  const structurePath = element.contentReference ?? path;
  const choice = name.endsWith('[x]');
  const base = choice ? name.slice(0, -3) : name;
  for (const { code: definedCode, targetProfiles } of definition?.types ?? []) {
    // R4 4.0.1 snapshots type Resource.id as string; Resource defines it as an id (§2.28.1).
    const code = type.kind === 'resource' && path === 'id' ? 'id' : definedCode;
    const key = choice ? base + code.charAt(0).toUpperCase() + code.slice(1) : name;
    const rule: FieldRule = {
      name,
      type: code,
      isArray: element.max === '*' || element.max > 1,
      max: element.max === '*' ? Infinity : element.max,
      primitive: isPrimitiveTypeCode(code),
      choice,
    };
    if (hasChildren(type, structurePath)) {
      rule.schema = lazySchema(type.name, structurePath);
    } else if (!rule.primitive && code !== 'Resource') {
      rule.schema = lazySchema(code, '');
    }
    if (code === 'Reference') {
      const targets = referenceTargets(targetProfiles);
      if (targets) rule.referenceTargets = targets;
    }
    const valueSet = definition?.binding?.strength === 'required' ? definition.binding.valueSet : undefined;
    if (code === 'code' && valueSet) {
      const codes = enumerateValueSet(valueSet);
      if (codes) {
        rule.requiredCodes = codes;
        rule.requiredValueSet = valueSet.split('|')[0] ?? valueSet;
      }
    }
    rules.set(key, rule);
  }
  return rules;
}

function hasChildren(type: TypeDef, path: string): boolean {
  const prefix = path + '.';
  for (const key of type.elements.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function lazySchema(typeName: string, elementPath: string): () => ObjectSchema {
  let schema: ObjectSchema | undefined;
  return () => {
    schema ??= schemaFor(typeName, elementPath);
    if (!schema) throw new Error(`R4 definitions lack type ${typeName}`);
    return schema;
  };
}

function referenceTargets(profiles: string[] | undefined): ReadonlySet<string> | undefined {
  if (!profiles?.length || profiles.includes(ANY_RESOURCE)) return undefined;
  return new Set(profiles.map((p) => p.slice(p.lastIndexOf('/') + 1)));
}
