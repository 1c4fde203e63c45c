// The compact view of an R4 StructureDefinition (FHIR R4 §2.14, ElementDefinition §2.21).

export type TypeKind = 'resource' | 'complex-type' | 'primitive-type';

export type BindingStrength = 'required' | 'extensible' | 'preferred' | 'example';

export interface ElementType {
  /** FHIR type code: 'string', 'CodeableConcept', 'Reference', 'BackboneElement', ... */
  code: string;
  /** Canonical URLs of the allowed targets, for Reference and canonical types. */
  targetProfiles?: string[];
}

export interface ElementDef {
  /** Full element path, e.g. 'Patient.name.given' or 'Observation.value[x]'. */
  path: string;
  min: number;
  max: number | '*';
  types: ElementType[];
  isSummary: boolean;
  binding?: { strength: BindingStrength; valueSet?: string };
  /**
   * For elements defined by reference to another element (e.g. Questionnaire.item.item), the
   * referenced element's key in the same TypeDef.elements map ('item').
   */
  contentReference?: string;
}

export interface TypeDef {
  name: string;
  kind: TypeKind;
  /** Abstract types (Resource, DomainResource, Element, BackboneElement) have no instances. */
  abstract: boolean;
  /** Keyed by path relative to the type: 'name', 'name.given', 'value[x]'. */
  elements: ReadonlyMap<string, ElementDef>;
}
