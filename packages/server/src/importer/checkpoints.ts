// Resumable imports: how many records of each file are already applied, in
// HEARTH_DATA_DIR/import-checkpoints.json. A file is identified by absolute path, size and mtime, so
// an edited file starts over. An entry is removed once its file is complete, so a later run of the same
// import re-applies everything (idempotently) instead of silently skipping it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';

export interface FileIdentity {
  path: string;
  stats: Pick<Stats, 'size' | 'mtimeMs'>;
}

export class Checkpoints {
  private constructor(
    private readonly file: string,
    private readonly done: Record<string, number>,
  ) {}

  static async load(dataDir: string): Promise<Checkpoints> {
    const file = join(dataDir, 'import-checkpoints.json');
    try {
      return new Checkpoints(file, JSON.parse(await readFile(file, 'utf8')) as Record<string, number>);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(
          `Cannot read ${file}: ${(err as Error).message}. Delete it to import from the start.`,
        );
      return new Checkpoints(file, {});
    }
  }

  private static key(f: FileIdentity): string {
    return `${f.path}|${f.stats.size}|${Math.trunc(f.stats.mtimeMs)}`;
  }

  /** Records of this file already applied by an earlier, interrupted run. */
  recordsDone(f: FileIdentity): number {
    return this.done[Checkpoints.key(f)] ?? 0;
  }

  async record(f: FileIdentity, records: number): Promise<void> {
    this.done[Checkpoints.key(f)] = records;
    await this.save();
  }

  async complete(f: FileIdentity): Promise<void> {
    delete this.done[Checkpoints.key(f)];
    await this.save();
  }

  /** Written to a temporary file and renamed, so a kill mid-write never leaves a torn checkpoint. */
  private async save(): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.done, null, 1));
    await rename(tmp, this.file);
  }
}
