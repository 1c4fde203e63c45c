import type { Bundle, Resource } from '@medplum/fhirtypes';

// Transaction bundles of PUT entries (FHIR R4 §3.1.0.11 "Transaction"): PUT Type/id creates or
// replaces, so loading the same seed twice leaves one copy of every resource (idempotent re-seeding).

export function transactionBundle(resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${resource.id!}`,
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id!}` },
    })),
  };
}

/**
 * JSON with a stable key order: `resourceType` first, then `id`, then the other keys sorted. The
 * output depends only on the values, never on how objects were built, so byte comparison is a fair
 * determinism check and diffs between runs stay readable.
 */
export function serializeBundle(bundle: Bundle): string {
  return canonicalJson(bundle);
}

function keyRank(key: string): number {
  return key === 'resourceType' ? 0 : key === 'id' ? 1 : 2;
}

function compareKeys(a: string, b: string): number {
  return keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

// Objects of one shape share a key order; caching it (with each key already quoted) by the shape's
// key list keeps sorting and key escaping off the hot path (a population has a few hundred shapes).
// The cache is bounded for arbitrary input.
interface KeyOrder {
  readonly keys: readonly string[];
  readonly quoted: readonly string[];
}

const keyOrders = new Map<string, KeyOrder>();
const MAX_SHAPES = 10_000;

function keyOrder(record: Record<string, unknown>): KeyOrder {
  const keys = Object.keys(record);
  const shape = keys.join('\u0000');
  let order = keyOrders.get(shape);
  if (order === undefined) {
    if (keyOrders.size >= MAX_SHAPES) keyOrders.clear();
    const sorted = keys.sort(compareKeys);
    order = { keys: sorted, quoted: sorted.map((key) => `${JSON.stringify(key)}:`) };
    keyOrders.set(shape, order);
  }
  return order;
}

export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const { keys, quoted } = keyOrder(record);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const item = record[keys[i]!];
    if (item === undefined) continue;
    out += (out.length > 1 ? ',' : '') + quoted[i]! + canonicalJson(item);
  }
  return `${out}}`;
}
