// Contained-resource rules (FHIR R4 §2.3.0.4 "Contained Resources"; DomainResource invariants
// dom-2..dom-5) and ref-1 (a local reference must resolve to a contained resource).
import { isJsonObject, report, type Walk } from './context.ts';

/** dom-2, dom-4, dom-5: checked on each contained resource as it is read. */
export function checkContainedResource(walk: Walk, resource: Record<string, unknown>, path: string): void {
  if (resource.contained !== undefined) {
    report(
      walk,
      'invariant',
      `${path}.contained`,
      'a contained resource SHALL NOT contain resources (dom-2)',
    );
  }
  const meta = resource.meta;
  if (!isJsonObject(meta)) return;
  if (meta.versionId !== undefined || meta.lastUpdated !== undefined) {
    report(
      walk,
      'invariant',
      `${path}.meta`,
      'a contained resource SHALL NOT have versionId or lastUpdated (dom-4)',
    );
  }
  if (meta.security !== undefined) {
    report(
      walk,
      'invariant',
      `${path}.meta.security`,
      'a contained resource SHALL NOT have security labels (dom-5)',
    );
  }
}

/** ref-1 and dom-3: judged once the whole resource, with all its contained resources, is read. */
export function checkLocalReferences(walk: Walk): void {
  const { contained, localReferences, containerReferrers } = walk.scope;
  const referenced = new Set<number>();
  for (const { target, expression, reference } of localReferences) {
    const index = contained.findIndex((c) => c.id === target);
    if (index >= 0) referenced.add(index);
    if (!reference) continue;
    const type = contained[index]?.type;
    if (index < 0) report(walk, 'invariant', expression, `no contained resource with id '${target}' (ref-1)`);
    else if (reference.targets && !reference.targets.has(type as string)) {
      const allowed = [...reference.targets].join('|');
      report(walk, 'invalid', reference.element, `reference to a type not allowed (${allowed})`);
    }
  }
  contained.forEach(({ id, expression }, index) => {
    if (referenced.has(index) || containerReferrers.has(index)) return;
    const diagnostics = `contained resource ${id ? `'${id}' ` : ''}is not referenced from its container (dom-3)`;
    report(walk, 'invariant', expression, diagnostics);
  });
}
