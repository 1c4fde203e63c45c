// Servers under test run in CHILD processes, so the load client and the server each get a core, as in a
// real deployment. A child announces its address on stdout; we wait for it, and kill it at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HEARTH_BIN = 'packages/server/bin/hearth.js';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Where the server under test keeps its data: PostgreSQL (`databaseUrl`) or a PGlite data dir. */
export interface Storage {
  engine: 'postgres' | 'pglite';
  databaseUrl?: string;
  dataDir: string;
}

export function storageEnv(storage: Storage): Record<string, string> {
  return storage.databaseUrl
    ? { DATABASE_URL: storage.databaseUrl, HEARTH_DATA_DIR: storage.dataDir }
    : { HEARTH_DATA_DIR: storage.dataDir };
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  return { ...env, ...extra };
}

function waitForUrl(child: ChildProcess, pattern: RegExp, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      reject(new Error(`${label} did not start in 120 s:\n${err}`));
    }, 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${err}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

async function start(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp, label: string) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = stopper(child);
  try {
    const url = await waitForUrl(child, pattern, label);
    child.stdout.resume();
    return { url: url.replace('0.0.0.0', '127.0.0.1'), pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `hearth start` on an ephemeral port, logging only warnings (per-request info logs are not the product).
 * With `cpuProfileDir`, the server writes a V8 CPU profile there when it stops (`node --cpu-prof`). */
export function startHearth(
  storage: Storage,
  cpuProfileDir?: string,
  extraEnv: Record<string, string> = {},
): Promise<ChildServer> {
  const env = baseEnv({
    ...storageEnv(storage),
    ...extraEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    HEARTH_LOG_LEVEL: 'warn',
    HEARTH_ACCESS_TOKEN_SECONDS: '7200',
  });
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  return start([...profile, HEARTH_BIN, 'start'], env, /listening on (http:\/\/[^\s)]+)/, 'hearth start');
}

/** The bare Fastify baseline, serving the same Patient JSON (replica tag `tag`) as the Hearth database. */
export function startBareFastify(tag: string): Promise<ChildServer> {
  return start(
    ['--import', 'tsx', 'bench/servers/bare-fastify.ts', '0', tag],
    baseEnv({}),
    /listening (http:\/\/\S+)/,
    'bare Fastify',
  );
}

/** Runs `hearth <args>` to completion and returns its stdout. */
export function hearthCli(storage: Storage, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEARTH_BIN, ...args], {
      cwd: ROOT,
      env: baseEnv({ ...storageEnv(storage), HEARTH_LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`hearth ${args.join(' ')} failed (${code}): ${err}`));
    });
  });
}
