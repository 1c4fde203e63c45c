// Canonical JSON (RFC 8785, JCS) for the audit leaves: object keys sorted by UTF-16 code units, no
// whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does — which is exactly
// what JCS specifies for them (§3.2.2.2, §3.2.2.3). The same event always hashes to the same leaf.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`JCS has no form for ${String(value)}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
