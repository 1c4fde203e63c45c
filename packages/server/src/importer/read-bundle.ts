// Bundle files (transaction, batch, collection — Synthea's format), streamed entry by entry with
// stream-json so a 100 MB bundle never sits in memory. Two passes: the first maps fullUrls to their
// `Type/id` (so references to later entries resolve too), the second yields items.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import parser from 'stream-json/parser.js';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import { entryTarget, entryToItem, isBundle, resourceToItem, type FullUrlMap } from './import-item.ts';
import type { SourceRecord } from './source-record.ts';

/** A .json file that is not a Bundle is one resource; above this size it must be a Bundle. */
const MAX_SINGLE_RESOURCE_BYTES = 64 * 1024 * 1024;

export type JsonScan =
  | { kind: 'bundle'; entries: number; targets: FullUrlMap }
  | { kind: 'resource'; resource: Resource }
  | { kind: 'unreadable'; error: string };

async function* entries(path: string): AsyncGenerator<BundleEntry> {
  const stream = createReadStream(path)
    .pipe(parser.asStream())
    .pipe(pick.asStream({ filter: 'entry' }))
    .pipe(streamArray.asStream());
  for await (const chunk of stream) yield (chunk as { value: BundleEntry }).value;
}

export async function scanJsonFile(path: string): Promise<JsonScan> {
  const targets: FullUrlMap = new Map();
  let count = 0;
  try {
    for await (const entry of entries(path)) {
      count++;
      const target = entryTarget(entry);
      if (target && entry.fullUrl) targets.set(entry.fullUrl, target);
    }
  } catch (err) {
    // Entries before the damage still import; the damage itself is reported as one more record.
    if (count > 0) return { kind: 'bundle', entries: count + 1, targets };
    return { kind: 'unreadable', error: `invalid JSON: ${(err as Error).message}` };
  }
  if (count > 0 || (await stat(path)).size > MAX_SINGLE_RESOURCE_BYTES)
    return { kind: 'bundle', entries: count, targets };
  const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
  if (isBundle(value)) return { kind: 'bundle', entries: 0, targets };
  if (typeof value !== 'object' || value === null || typeof (value as Resource).resourceType !== 'string') {
    return { kind: 'unreadable', error: 'not a FHIR resource or Bundle (no resourceType)' };
  }
  return { kind: 'resource', resource: value as Resource };
}

/** Records of a scanned .json file, the first `skip` passed over. */
export async function* readJsonFile(
  path: string,
  label: string,
  scan: JsonScan,
  skip: number,
): AsyncGenerator<SourceRecord> {
  if (scan.kind === 'unreadable') {
    if (skip === 0) yield { source: label, error: scan.error };
    return;
  }
  if (scan.kind === 'resource') {
    if (skip === 0) yield { source: label, item: resourceToItem(scan.resource, label) };
    return;
  }
  let index = -1;
  try {
    for await (const entry of entries(path)) {
      if (++index < skip) continue;
      yield entryRecord(entry, scan.targets, `${label}:entry[${index}]`);
    }
  } catch (err) {
    yield { source: `${label}:entry[${index + 1}]`, error: `invalid JSON: ${(err as Error).message}` };
  }
}

function entryRecord(entry: BundleEntry, targets: FullUrlMap, source: string): SourceRecord {
  try {
    return { source, item: entryToItem(entry, targets, source) };
  } catch (err) {
    return { source, error: (err as Error).message };
  }
}

/** How many records a scanned file yields (the progress total and the checkpoint's unit). */
export function recordCount(scan: JsonScan): number {
  return scan.kind === 'bundle' ? scan.entries : 1;
}
