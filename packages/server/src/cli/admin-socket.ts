// The admin socket of a running embedded server: HEARTH_DATA_DIR/admin.sock, mode 0600.
import { request } from 'node:http';
import { unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export function adminSocketPath(dataDir: string): string {
  return join(resolve(dataDir), 'admin.sock');
}

/** true when a server answers on the socket (a leftover socket file from a killed server does not). */
export function adminSocketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ socketPath, path: '/admin/status', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('error', () => {
      done(false);
    });
    req.on('timeout', () => {
      req.destroy();
      done(false);
    });
    req.end();
  });
}

/** Before a server starts: refuse if one already serves this data dir, else remove a stale socket file. */
export async function clearStaleAdminSocket(dataDir: string): Promise<void> {
  const socket = adminSocketPath(dataDir);
  if (await adminSocketAnswers(socket)) {
    throw new Error(
      `A Hearth server is already running on ${resolve(dataDir)} (admin socket ${socket}). Stop it first, or use another HEARTH_DATA_DIR.`,
    );
  }
  await unlink(socket).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  });
}
