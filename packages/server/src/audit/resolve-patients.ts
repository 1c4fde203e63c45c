// Which patients an audited read touched, worked out off the request path when the queue is flushed:
// Patient resources are their own patient; everything else is looked up in the compartment index
// (idx_compartment, the rows' patient compartment key). A search's resources come from its response
// Bundle, parsed here rather than while the response is being sent.
import type { Bundle } from '@medplum/fhirtypes';
import type { Queryable } from '../db/engine.ts';

/** The `Type/id` references of the resources in a Bundle (entries and nested batch responses). */
export function bundleReferences(body: string): string[] {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(body) as Bundle;
  } catch {
    return [];
  }
  return bundle.resourceType === 'Bundle' ? collect(bundle, []) : [];
}

function collect(bundle: Bundle, refs: string[]): string[] {
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType === 'Bundle') collect(r, refs);
    else if (r?.id && r.resourceType !== 'OperationOutcome') refs.push(`${r.resourceType}/${r.id}`);
  }
  return refs;
}

/** Patient ids per reference, in one statement for a whole batch of references. */
export async function patientsOf(q: Queryable, refs: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const types: string[] = [];
  const ids: string[] = [];
  for (const ref of new Set(refs)) {
    const [type, id] = ref.split('/');
    if (!type || !id) continue;
    if (type === 'Patient') out.set(ref, [id]);
    else {
      types.push(type);
      ids.push(id);
    }
  }
  if (types.length === 0) return out;
  const r = await q.query<{ resource_type: string; resource_id: string; patient_id: string }>(
    `SELECT c.resource_type, c.resource_id, c.patient_id FROM idx_compartment c
       JOIN unnest($1::text[], $2::text[]) AS w(t, i) ON c.resource_type = w.t AND c.resource_id = w.i`,
    [types, ids],
  );
  for (const row of r.rows) {
    const ref = `${row.resource_type}/${row.resource_id}`;
    out.set(ref, [...(out.get(ref) ?? []), row.patient_id]);
  }
  return out;
}
