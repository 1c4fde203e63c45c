// What an import asks the server to do with one resource. Bundle entries and NDJSON lines become
// items on the client side (reading, reference rewriting); the server applies them (cli/admin.routes.ts).
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

export type ImportItem =
  /** Update-as-create with the resource's id (FHIR R4 http.html#upsert): re-running writes nothing new. */
  | { source: string; action: 'put'; resource: Resource; ifNoneExist?: string }
  /** Server-assigned id: only for resources that carry no id and no stable fullUrl. */
  | { source: string; action: 'create'; resource: Resource; ifNoneExist?: string }
  | { source: string; action: 'conditional-update'; resource: Resource; query: string }
  | { source: string; action: 'delete'; url: string };

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed';

export interface ImportItemResult {
  status: ImportStatus;
  /** For failures: `OperationOutcome` diagnostics and expressions, one line. */
  error?: string;
}

/** fullUrl → `Type/id` for entries whose id is derived from the fullUrl (bundle.html#bundle-unique). */
export type FullUrlMap = Map<string, string>;

const URN = /^urn:(uuid|oid):(.+)$/;
const ABSOLUTE = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/;

/** The `Type/id` an entry is stored under, when the fullUrl gives a stable id. */
export function entryTarget(entry: BundleEntry): string | undefined {
  const type = entry.resource?.resourceType;
  const fullUrl = entry.fullUrl;
  if (!type || !fullUrl) return undefined;
  const urn = URN.exec(fullUrl);
  if (urn) return `${type}/${urn[2]!}`;
  const abs = ABSOLUTE.exec(fullUrl);
  return abs?.[1] === type ? `${type}/${abs[2]!}` : undefined;
}

/** Rewrites every `reference` that names a bundle entry's fullUrl to that entry's `Type/id`. */
export function rewriteReferences<T>(value: T, targets: FullUrlMap): T {
  if (Array.isArray(value)) return value.map((v: unknown) => rewriteReferences(v, targets)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === 'reference' && typeof v === 'string' ? (targets.get(v) ?? v) : rewriteReferences(v, targets);
  }
  return out as T;
}

function withId(resource: Resource, target: string): Resource {
  return { ...resource, id: target.slice(target.indexOf('/') + 1) };
}

/**
 * One bundle entry as an import item. Transaction/batch entries follow their `request`
 * (http.html#transaction); collection and other bundles are stored as they are. Entries with a
 * `urn:uuid:` fullUrl keep the uuid as their id, so importing the same bundle twice is idempotent.
 */
export function entryToItem(entry: BundleEntry, targets: FullUrlMap, source: string): ImportItem {
  const method = entry.request?.method;
  const url = entry.request?.url ?? '';
  if (method === 'DELETE') return { source, action: 'delete', url };
  if (!entry.resource) throw new Error('Bundle entry has no resource');
  const resource = rewriteReferences(entry.resource, targets);
  const ifNoneExist = entry.request?.ifNoneExist;
  if (method === 'PUT' && url.includes('?'))
    return { source, action: 'conditional-update', resource, query: url };
  if (method === 'PUT') return { source, action: 'put', resource: withId(resource, url) };
  const target = entryTarget(entry);
  if (target)
    return {
      source,
      action: 'put',
      resource: withId(resource, target),
      ...(ifNoneExist ? { ifNoneExist } : {}),
    };
  if (resource.id && method !== 'POST') return { source, action: 'put', resource };
  return { source, action: 'create', resource, ...(ifNoneExist ? { ifNoneExist } : {}) };
}

/** One NDJSON line (bulk data format: resources with ids, references `Type/id`). */
export function resourceToItem(resource: Resource, source: string): ImportItem {
  return resource.id ? { source, action: 'put', resource } : { source, action: 'create', resource };
}

export function isBundle(value: unknown): value is Bundle {
  return typeof value === 'object' && value !== null && (value as Resource).resourceType === 'Bundle';
}
