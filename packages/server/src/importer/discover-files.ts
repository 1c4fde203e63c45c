// Which files an import reads, in which order. Shared resources go first so that references to them
// resolve as soon as the resources that point at them arrive (/work/shared/data/README.md; Synthea
// writes hospitalInformation*.json and practitionerInformation*.json for the same reason).
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

const TYPE_ORDER = ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient'];
const SYNTHEA_SHARED = [/^hospitalInformation/, /^practitionerInformation/];
const IMPORTABLE = /\.(ndjson|json)$/i;

/** Lower ranks import first: shared resource types, then patients, then everything else. */
export function fileRank(path: string): number {
  const name = basename(path);
  const shared = SYNTHEA_SHARED.findIndex((re) => re.test(name));
  if (shared >= 0) return shared;
  const type = TYPE_ORDER.indexOf(name.split('.')[0]!);
  return type >= 0 ? SYNTHEA_SHARED.length + type : SYNTHEA_SHARED.length + TYPE_ORDER.length;
}

async function walk(path: string, out: string[]): Promise<void> {
  const info = await stat(path);
  if (info.isFile()) {
    out.push(path);
    return;
  }
  const children = await readdir(path, { withFileTypes: true });
  for (const child of children) {
    const full = join(path, child.name);
    if (child.isDirectory()) await walk(full, out);
    else if (child.isFile() && IMPORTABLE.test(child.name)) out.push(full);
  }
}

/** Absolute paths of the files to import (directories recursively: *.json, *.ndjson), in import order. */
export async function discoverFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const p of paths) {
    try {
      await walk(resolve(p), found);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`No such file or directory: ${p}`);
      throw err;
    }
  }
  const unique = [...new Set(found)];
  return unique.sort((a, b) => fileRank(a) - fileRank(b) || a.localeCompare(b));
}

export function isNdjson(path: string): boolean {
  return /\.ndjson$/i.test(path);
}
