// `hearth export`: current resources as NDJSON (FHIR Bulk Data format) to stdout, or one `Type.ndjson`
// per resource type into a folder. Paged by cursor, so memory stays constant whatever the size.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Config } from '../config/config.ts';
import type { ExportPage } from '../importer/export-resources.ts';
import { connectAdmin } from './admin-connection.ts';

export interface ExportCommandOptions {
  types: string[];
  out?: string;
  since?: string;
  /** For research use: leave out patients who opted out of research (Consent) and their records. */
  research?: boolean;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function typeOf(line: string): string {
  return (JSON.parse(line) as { resourceType: string }).resourceType;
}

export async function exportCommand(opts: ExportCommandOptions, config: Readonly<Config>): Promise<number> {
  const conn = await connectAdmin(config);
  const files = new Map<string, WriteStream>();
  if (opts.out) await mkdir(opts.out, { recursive: true });
  let count = 0;
  try {
    let after: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '1000' });
      if (opts.types.length > 0) query.set('types', opts.types.join(','));
      if (opts.since) query.set('since', opts.since);
      if (opts.research) query.set('purpose', 'research');
      if (after) query.set('after', after);
      const page = await conn.request<ExportPage>('GET', `/admin/export?${query.toString()}`);
      for (const line of page.lines) {
        let target: Writable = process.stdout;
        if (opts.out) {
          const type = typeOf(line);
          target =
            files.get(type) ??
            files.set(type, createWriteStream(join(opts.out, `${type}.ndjson`))).get(type)!;
        }
        await write(target, `${line}\n`);
      }
      count += page.lines.length;
      after = page.next;
    } while (after);
  } finally {
    await Promise.all([...files.values()].map((f) => new Promise((done) => f.end(done))));
    await conn.close();
  }
  process.stderr.write(
    `Exported ${count} resource(s)${opts.out ? ` to ${opts.out} (${files.size} file(s))` : ''}\n`,
  );
  return 0;
}
