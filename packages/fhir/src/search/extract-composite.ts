// Composite parameter rows (search.html#composite): per node the composite's expression selects,
// every combination of one row per component, each combination under its own grp, the component
// at position n stored as `<code>$<n>` (index-values.ts).
import type { Resource } from '@medplum/fhirtypes';
import type { TypedValue } from './path-compile.ts';
import type { Rows, Target } from './extract-values.ts';
import { componentAccessor, type CompositeParam } from './extract-plan.ts';

/** Bounds the combinations one node can multiply into (codings × values). */
const MAX_TUPLES_PER_NODE = 64;

const ROW_KEYS = ['token', 'string', 'date', 'number', 'quantity', 'reference', 'uri'] as const;

type RowKey = (typeof ROW_KEYS)[number];

interface Entry {
  key: RowKey;
  row: { grp: number };
}

export interface TupleContext {
  node: TypedValue;
  resource: Resource;
  /** The last grp used so far in this resource. */
  grp: number;
}

/** Pushes the node's tuples into `rows`; returns the last grp used. */
export function pushTuples(rows: Rows, composite: CompositeParam, ctx: TupleContext): number {
  // Most composites do not apply to a given node (no value of that type): find out before building rows.
  const found: (readonly TypedValue[])[] = [];
  for (const component of composite.components) {
    const values = componentAccessor(component, ctx.node.type)(ctx.node, ctx.resource);
    if (values.length === 0) return ctx.grp;
    found.push(values);
  }
  let tuples: Entry[][] = [[]];
  for (const [n, component] of composite.components.entries()) {
    const scratch = emptyRows();
    const target: Target = { rows: scratch, param: component.param, grp: 0, baseUrl: undefined };
    for (const value of found[n]!) component.push(target, value);
    const choices = entriesOf(scratch);
    tuples = tuples
      .flatMap((tuple) => choices.map((choice) => [...tuple, choice]))
      .slice(0, MAX_TUPLES_PER_NODE);
    if (tuples.length === 0) return ctx.grp;
  }
  let grp = ctx.grp;
  for (const tuple of tuples) {
    grp++;
    for (const { key, row } of tuple) (rows[key] as { grp: number }[]).push({ ...row, grp });
  }
  return grp;
}

function emptyRows(): Rows {
  return { token: [], string: [], date: [], number: [], quantity: [], reference: [], uri: [] };
}

/** Every row found, leaving out token rows without a code (a CodeableConcept's text). */
function entriesOf(found: Rows): Entry[] {
  const entries: Entry[] = [];
  for (const key of ROW_KEYS) {
    for (const row of found[key]) {
      if (key === 'token' && (row as { code: string | null }).code === null) continue;
      entries.push({ key, row });
    }
  }
  return entries;
}
