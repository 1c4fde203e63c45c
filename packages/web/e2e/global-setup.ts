// Vitest global setup of the e2e project: the browser tests run against the built app that the server
// serves, so build it once per run — only when dist is missing or older than its sources (a quick local
// re-run), and always in CI, where a stale dist must never pass for the current code.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..', '..');
/** Every build rewrites dist/index.html; its mtime is the build's time. */
const BUILT_MARKER = join(WEB, 'dist', 'index.html');
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'public', 'src'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsFresh(): boolean {
  if (!existsSync(BUILT_MARKER)) return false;
  const built = statSync(BUILT_MARKER).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(WEB, s)) <= built);
}

/** `vite build` of packages/web with the workspace's own Vite (no global install, no network). */
export async function buildWeb(): Promise<void> {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: WEB,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: string; stdout?: string };
    throw new Error(
      `The web app does not build (vite build in packages/web):\n${stderr || stdout || String(err)}`,
    );
  }
}

export default async function setup(): Promise<void> {
  if (!process.env.CI && webBuildIsFresh()) return;
  const started = performance.now();
  await buildWeb();
  process.stderr.write(`e2e: built packages/web in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
