// NDJSON (FHIR Bulk Data format, one resource per line), read line by line in constant memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Resource } from '@medplum/fhirtypes';
import { resourceToItem } from './import-item.ts';
import type { SourceRecord } from './source-record.ts';

/** Records of an NDJSON file: one per non-blank line, the first `skip` passed over unparsed. */
export async function* readNdjson(path: string, label: string, skip: number): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let seen = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    if (seen++ < skip) continue;
    const source = `${label}:${lineNo}`;
    try {
      const value = JSON.parse(line) as unknown;
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof (value as Resource).resourceType !== 'string'
      ) {
        yield { source, error: 'not a FHIR resource (no resourceType)' };
      } else {
        yield { source, item: resourceToItem(value as Resource, source) };
      }
    } catch (err) {
      yield { source, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

/** Fast estimate of the number of records: newline count, without parsing. */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) count++;
    if (buf.length > 0) last = buf[buf.length - 1]!;
  }
  return last === 10 ? count : count + 1;
}
