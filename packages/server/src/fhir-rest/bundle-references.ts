// Reference resolution inside batch/transaction bundles (http.html#trules): urn:uuid fullUrls become the
// ids the server assigned, and conditional references (`Patient?identifier=x|y`) become the one resource
// they match. Pure walking helpers; the searches happen in bundle.ts inside the transaction.

/** http.html#transaction: a fullUrl the server must replace wherever it is used. */
export function isUrnUuid(value: string | undefined): value is string {
  return value !== undefined && /^urn:uuid:[0-9a-fA-F-]{36}$/.test(value);
}

/** `Type?params`: a conditional reference (http.html#trules, "conditional references"). */
export function isConditionalReference(value: string): boolean {
  return /^[A-Z][A-Za-z]+\?./.test(value);
}

/** Every string that is exactly a key of `replacements` becomes its value, at any depth (copy on write). */
export function replaceExactStrings<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  return walk(value, (s) => replacements.get(s)) as T;
}

/** Every Reference.reference string, wherever it sits in the resource. */
export function collectConditionalReferences(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectConditionalReferences(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string' && isConditionalReference(child)) found.add(child);
      else collectConditionalReferences(child, found);
    }
  }
  return found;
}

/** The first Reference.reference in `value` that is one of `targets`, if any. */
export function findReferenceTo(value: unknown, targets: ReadonlySet<string>): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findReferenceTo(item, targets);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string' && targets.has(child)) return child;
      const found = findReferenceTo(child, targets);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Replaces `urn:uuid:…` occurrences inside a request URL (e.g. a conditional query naming an entry). */
export function replaceInUrl(url: string, replacements: ReadonlyMap<string, string>): string {
  if (!url.includes('urn')) return url;
  return url.replace(/urn(?::|%3A)uuid(?::|%3A)[0-9a-fA-F-]{36}/g, (m) => {
    const replacement = replacements.get(decodeURIComponent(m));
    return replacement === undefined ? m : encodeURIComponent(replacement);
  });
}

function walk(value: unknown, replace: (s: string) => string | undefined): unknown {
  if (typeof value === 'string') return replace(value) ?? value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let copy: unknown[] | undefined;
    items.forEach((item, i) => {
      const next = walk(item, replace);
      if (next !== item) (copy ??= [...items])[i] = next;
    });
    return copy ?? items;
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(value)) {
      const next = walk(child, replace);
      if (next !== child) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
  return value;
}
