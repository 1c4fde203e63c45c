// Reference parsing for the reference search type (search.html#reference, references.html).

export interface ParsedReference {
  /** The local target type and id, when the reference points into this server. */
  type?: string;
  id?: string;
  /** The reference as written. */
  url: string;
}

// references.html#literal: `[type]/[id](/_history/[vid])`; ids per datatypes.html#id.
const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Splits a literal reference into the local `type`/`id` it targets. Relative `Type/id` and
 * `Type/id/_history/v` are local; absolute URLs under `baseUrl` (the server's FHIR base) are local
 * too (references.html#literal: "if the reference is to the server's own base, it is the same as
 * relative"). Other absolute URLs, `urn:uuid:`/`urn:oid:`, contained `#id` and canonicals with a
 * `|version` keep only `url`.
 */
export function parseReference(ref: string, baseUrl?: string): ParsedReference {
  const m = RELATIVE.exec(baseUrl ? stripBase(ref, baseUrl) : ref);
  return m ? { type: m[1]!, id: m[2]!, url: ref } : { url: ref };
}

/** `http://host/fhir/Patient/1` under base `http://host/fhir` → `Patient/1`; otherwise unchanged. */
function stripBase(ref: string, baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return ref.startsWith(base) ? ref.slice(base.length) : ref;
}
