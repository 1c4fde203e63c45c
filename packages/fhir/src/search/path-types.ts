// Static typing of simple FHIRPath navigation over the R4 StructureDefinitions, so a compiled
// accessor knows each JSON key to read and the FHIR type of what it finds there (choice elements
// `value[x]` become `valueQuantity`, `valueCodeableConcept`, ...; FHIR R4 §2.24.0.1 json.html#choice).
import { getTypeDefinition } from '../definitions/structure.ts';
import type { TypeDef } from '../definitions/structure.types.ts';

/** Where navigation stands: inside `type`, at the backbone element `prefix` ('' = the type itself). */
export interface Position {
  type: TypeDef;
  prefix: string;
}

/** One JSON property a path step reads, with the FHIR type of its values. */
export interface Alternative {
  key: string;
  type: string;
}

const BACKBONE_TYPES = new Set(['BackboneElement', 'Element']);

export function rootPosition(typeName: string): Position | undefined {
  const type = getTypeDefinition(typeName);
  return type ? { type, prefix: '' } : undefined;
}

/** The JSON properties `name` may be stored under at `at` (several for a choice element). */
export function alternativesAt(at: Position, name: string): Alternative[] | undefined {
  const path = at.prefix ? `${at.prefix}.${name}` : name;
  const element = at.type.elements.get(path);
  if (element) {
    const types = element.contentReference ? contentTypes(at.type, element.contentReference) : element.types;
    const code = types[0]?.code;
    return code
      ? [{ key: name, type: BACKBONE_TYPES.has(code) ? `${at.type.name}#${path}` : code }]
      : undefined;
  }
  const choice = at.type.elements.get(`${path}[x]`);
  if (!choice) return undefined;
  return choice.types.map((t) => ({
    key: name + t.code.charAt(0).toUpperCase() + t.code.slice(1),
    type: t.code,
  }));
}

function contentTypes(type: TypeDef, reference: string): { code: string }[] {
  return type.elements.get(reference)?.types ?? [];
}

/**
 * The position inside a value of `typeName`: a datatype's own definition, or for a backbone
 * element (typed `Resource#path` by alternativesAt) the owning resource at that path.
 */
export function positionOf(typeName: string): Position | undefined {
  const hash = typeName.indexOf('#');
  if (hash < 0) return rootPosition(typeName);
  const type = getTypeDefinition(typeName.slice(0, hash));
  if (!type) return undefined;
  const path = typeName.slice(hash + 1);
  const reference = type.elements.get(path)?.contentReference;
  return { type, prefix: reference ?? path };
}
