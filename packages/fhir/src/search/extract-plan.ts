// How to index one resource type, compiled once per type: each parameter's accessor and the
// function that turns its values into rows.
import type { SearchParamDef, SearchParamType } from '../definitions/search-params.types.ts';
import { compilePath, type PathAccessor, type TypedValue } from './path-compile.ts';
import { getSearchParams } from './registry.ts';
import {
  pushDates,
  pushReferences,
  pushStrings,
  pushTokens,
  pushUris,
  type Target,
} from './extract-values.ts';
import { pushNumbers, pushQuantities } from './extract-numeric.ts';

export type Pusher = (target: Target, value: TypedValue) => void;

export interface SimpleParam {
  code: string;
  accessor: PathAccessor;
  push: Pusher;
}

export interface CompositeComponent {
  code: string;
  /** The row parameter: `<composite code>$<position>`. */
  param: string;
  expression: string;
  push: Pusher;
  /** Accessors by the type of the composite's base node (`Observation`, `Observation#component`). */
  accessors: Map<string, PathAccessor>;
}

export interface CompositeParam {
  code: string;
  base: PathAccessor;
  components: CompositeComponent[];
}

export interface ExtractionPlan {
  simple: SimpleParam[];
  composite: CompositeParam[];
}

/**
 * _id and _lastUpdated come from the resources row; `special` parameters (Location near) and
 * those without an expression (_text, _content, _query, _has, _list, _type) are served otherwise.
 */
const FROM_RESOURCE_ROW = new Set(['_id', '_lastUpdated']);

const PUSHERS: Record<Exclude<SearchParamType, 'composite' | 'special'>, Pusher> = {
  token: pushTokens,
  string: pushStrings,
  date: pushDates,
  reference: pushReferences,
  number: pushNumbers,
  quantity: pushQuantities,
  uri: pushUris,
};

const plans = new Map<string, ExtractionPlan>();

export function extractionPlan(resourceType: string): ExtractionPlan {
  let plan = plans.get(resourceType);
  if (!plan) {
    plan = buildPlan(resourceType);
    plans.set(resourceType, plan);
  }
  return plan;
}

function buildPlan(resourceType: string): ExtractionPlan {
  const plan: ExtractionPlan = { simple: [], composite: [] };
  for (const def of getSearchParams(resourceType).values()) {
    if (!def.expression || FROM_RESOURCE_ROW.has(def.code) || def.type === 'special') continue;
    const accessor = compilePath(def.expression, resourceType);
    if (def.type === 'composite') plan.composite.push(compositeParam(def, accessor));
    else plan.simple.push({ code: def.code, accessor, push: PUSHERS[def.type] });
  }
  return plan;
}

function compositeParam(def: SearchParamDef, base: PathAccessor): CompositeParam {
  const components = (def.components ?? []).map((c, n) => {
    if (c.type === 'composite' || c.type === 'special') throw new Error(`Nested composite in ${def.url}`);
    const param = `${def.code}$${n}`;
    return { code: c.code, param, expression: c.expression, push: PUSHERS[c.type], accessors: new Map() };
  });
  return { code: def.code, base, components };
}

/** The component's accessor for a base node of `contextType`, compiled on first use. */
export function componentAccessor(component: CompositeComponent, contextType: string): PathAccessor {
  let accessor = component.accessors.get(contextType);
  if (!accessor) {
    accessor = compilePath(component.expression, contextType);
    component.accessors.set(contextType, accessor);
  }
  return accessor;
}
