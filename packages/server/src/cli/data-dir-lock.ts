// One process at a time on an embedded (PGlite) data dir: PGlite has no cross-process locking, and two
// processes writing the same files corrupt them. The holder's pid is in HEARTH_DATA_DIR/hearth.lock; a
// lock whose process is gone (killed, crashed) is stale and taken over.
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holder(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid !== process.pid && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'hearth.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = await holder(file);
      if (pid !== undefined) {
        throw new Error(
          `The database in ${dataDir} is in use by another Hearth process (pid ${pid}). Wait for it to finish ` +
            `or stop it (kill ${pid}); if a server is running, make sure ${join(dataDir, 'admin.sock')} exists ` +
            `so the CLI can go through it.`,
        );
      }
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps taking the lock. Try again.`);
}
