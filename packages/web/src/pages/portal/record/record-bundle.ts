// "Download my record": every page of Patient/{id}/$everything assembled into one Bundle.
// Hearth answers $everything with a searchset Bundle (patient-operation-everything.html; see
// packages/server/src/fhir-rest/everything.ts), paged with `next` links, each page carrying the shared
// resources its entries point at (search.mode = include). The download is therefore one searchset
// Bundle too: every page's entries in order, each resource once (a Practitioner included by several
// pages appears once), `total` as the server counted it, no paging links (they would point at pages
// of a result the file already holds whole), and `timestamp` = when it was assembled.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';

export interface RecordProgress {
  pages: number;
  /** Resources gathered so far. */
  resources: number;
  /** The compartment's match count as the server reported it (Bundle.total), when it did. */
  total: number | undefined;
}

/** `hearth-record-YYYY-MM-DD.json`, with the user's local calendar date. */
export function recordFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `hearth-record-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

export function nextLink(bundle: Bundle): string | undefined {
  return bundle.link?.find((l) => l.relation === 'next')?.url;
}

function entryKey(entry: BundleEntry): string | undefined {
  const r = entry.resource;
  if (r?.id) return `${r.resourceType}/${r.id}`;
  return entry.fullUrl;
}

export function assembleRecord(pages: readonly Bundle[], timestamp: Date): Bundle {
  const seen = new Set<string>();
  const entry: BundleEntry[] = [];
  for (const page of pages) {
    for (const e of page.entry ?? []) {
      const key = entryKey(e);
      if (key !== undefined) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      entry.push(e);
    }
  }
  const total = pages[0]?.total;
  return {
    resourceType: 'Bundle',
    type: pages[0]?.type ?? 'searchset',
    timestamp: timestamp.toISOString(),
    ...(total !== undefined ? { total } : {}),
    entry,
  };
}

export interface FetchRecordOptions {
  /** Fetches a page: `undefined` for the first, else a `next` link as the server gave it. */
  fetchPage: (next: string | undefined) => Promise<Bundle>;
  onProgress?: (progress: RecordProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

/** Follows every `next` link and assembles the pages; throws if a link repeats (a server paging loop). */
export async function fetchRecord(options: FetchRecordOptions): Promise<Bundle> {
  const pages: Bundle[] = [];
  const followed = new Set<string>();
  let next: string | undefined;
  let resources = 0;
  do {
    options.signal?.throwIfAborted();
    const page = await options.fetchPage(next);
    if (page.resourceType !== 'Bundle') throw new Error('The server did not answer with a Bundle.');
    pages.push(page);
    resources += page.entry?.length ?? 0;
    options.onProgress?.({ pages: pages.length, resources, total: pages[0]?.total });
    next = nextLink(page);
    if (next !== undefined) {
      if (followed.has(next)) throw new Error(`The server returned the same next link twice: ${next}`);
      followed.add(next);
    }
  } while (next !== undefined);
  return assembleRecord(pages, (options.now ?? (() => new Date()))());
}
