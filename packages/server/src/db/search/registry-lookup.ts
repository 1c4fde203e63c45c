// Adapts the FHIR search-parameter registry (@hearth/fhir) to the parser's ParamLookup.
import { getSearchParam, isResourceType } from '@hearth/fhir';
import type { ParamDef, ParamLookup } from './ast.ts';

/**
 * System search validates against `Resource`: the parameters every type inherits. Binary derives from
 * Resource only, so its registry entry holds exactly those plus its own, which `base` filters out.
 */
const RESOURCE_PROBE = 'Binary';

export const registryLookup: ParamLookup = (resourceType, code) => {
  const isBase = resourceType === 'Resource';
  const def = getSearchParam(isBase ? RESOURCE_PROBE : resourceType, code);
  if (!def || (isBase && !def.base.includes('Resource'))) return undefined;
  const param: ParamDef = {
    code: def.code,
    type: def.type,
    targets: def.target ?? [],
    components: (def.components ?? []).map((c) => c.type),
  };
  return param;
};

export { isResourceType };
