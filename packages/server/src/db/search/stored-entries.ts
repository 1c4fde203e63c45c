// Searchset entries that keep the stored JSON text of their resource (the resources table holds each
// resource as the exact text served, 0001_resources.sql). Parsing every match and stringifying it again
// was the largest cost of a search in the server (bench --cpu-prof: toEntry + serialize ≈ 15% of its
// time). An entry's `resource` is therefore parsed only when something reads it; `searchsetJson` writes
// the Bundle with the stored text of every entry nobody read, and with JSON.stringify of the rest — so
// a layer that looks at, changes or replaces a resource (access control, shaping) is always honoured.
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/** Entries whose resource is still only the stored text. */
const unread = new WeakMap<BundleEntry, string>();

function settle(entry: BundleEntry, resource: Resource): void {
  unread.delete(entry);
  Object.defineProperty(entry, 'resource', {
    value: resource,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** An entry `{ fullUrl, resource, search }` whose resource is parsed from `text` on first read. */
export function storedEntry(fullUrl: string, text: string, mode: 'match' | 'include'): BundleEntry {
  const entry: BundleEntry = { fullUrl };
  Object.defineProperty(entry, 'resource', {
    enumerable: true,
    configurable: true,
    get(): Resource {
      const resource = JSON.parse(text) as Resource;
      settle(entry, resource);
      return resource;
    },
    set(resource: Resource) {
      settle(entry, resource);
    },
  });
  entry.search = { mode };
  unread.set(entry, text);
  return entry;
}

/** `{"k":v,…}` over an object's own enumerable keys, as JSON.stringify writes them. */
function objectJson(keys: string[], value: (key: string) => string | undefined): string {
  const fields: string[] = [];
  for (const key of keys) {
    const json = value(key);
    if (json !== undefined) fields.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${fields.join(',')}}`;
}

function entryJson(entry: BundleEntry): string {
  const text = unread.get(entry);
  if (text === undefined) return JSON.stringify(entry);
  const fields = entry as unknown as Record<string, unknown>;
  return objectJson(Object.keys(entry), (key) => (key === 'resource' ? text : JSON.stringify(fields[key])));
}

/** The Bundle as JSON, equal to JSON.stringify(bundle), with unread entries written from their stored text. */
export function searchsetJson(bundle: Bundle): string {
  const fields = bundle as unknown as Record<string, unknown>;
  return objectJson(Object.keys(bundle), (key) =>
    key === 'entry' && bundle.entry
      ? `[${bundle.entry.map(entryJson).join(',')}]`
      : JSON.stringify(fields[key]),
  );
}
