// The web app's production build, for the browser tests (which run against it) and the bench (which
// reports its size): build it, tell whether dist is current, and work out from Vite's build manifest
// (dist/.vite/manifest.json, `build.manifest: true`) how much JavaScript a role's first page loads.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB_DIR, '..', '..');
export const DIST = join(WEB_DIR, 'dist');
/** Every build rewrites dist/index.html; its mtime is the build's time. */
const BUILT_MARKER = join(DIST, 'index.html');
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'public', 'src'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** dist exists and is newer than every source file of the app. */
export function webBuildIsFresh(): boolean {
  if (!existsSync(BUILT_MARKER)) return false;
  const built = statSync(BUILT_MARKER).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(WEB_DIR, s)) <= built);
}

/** `vite build` of packages/web with the workspace's own Vite (no global install, no network). */
export async function buildWeb(): Promise<void> {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      // A production build whatever the caller runs under: vitest sets NODE_ENV=test, and Vite keeps
      // an inherited NODE_ENV, which would bundle React's development build (3× the size, slow).
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: string; stdout?: string };
    throw new Error(
      `The web app does not build (vite build in packages/web):\n${stderr || stdout || String(err)}`,
    );
  }
}

/** One chunk of Vite's build manifest (https://vite.dev/guide/backend-integration). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function readManifest(): Manifest {
  const path = join(DIST, '.vite', 'manifest.json');
  if (!existsSync(path))
    throw new Error(`${path} is missing: the web build must set build.manifest: true (vite.config.ts)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

export type Area = 'portal' | 'clinician';

/**
 * The module of an area's first page: the lazy import of the index route in src/pages/<area>/routes.tsx
 * (the page someone lands on after signing in).
 */
export function firstPageModule(area: Area): string {
  const routes = readFileSync(join(WEB_DIR, 'src', 'pages', area, 'routes.tsx'), 'utf8');
  const match = /index:\s*true[\s\S]*?import\(\s*['"]\.\/([^'"]+)['"]\s*\)/.exec(routes);
  if (!match) throw new Error(`src/pages/${area}/routes.tsx has no index route with a lazy import`);
  return `src/pages/${area}/${match[1]!}`;
}

export interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialLoad {
  files: SizedFile[];
  bytes: number;
  gzipBytes: number;
}

function withStaticImports(manifest: Manifest, key: string, into: Set<string>): void {
  if (into.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The build manifest has no chunk for ${key}`);
  into.add(key);
  for (const imported of chunk.imports ?? []) withStaticImports(manifest, imported, into);
}

/**
 * The JavaScript a browser loads for an area's first page: the entry chunk of index.html with its static
 * imports, plus the first page's lazy chunk with its static imports. Sizes are of the built files, and
 * gzipped at zlib's default level (what a typical server or CDN sends).
 */
export function initialJavaScript(area: Area): InitialLoad {
  const manifest = readManifest();
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error('The build manifest has no entry chunk');
  const keys = new Set<string>();
  withStaticImports(manifest, entry, keys);
  withStaticImports(manifest, firstPageModule(area), keys);
  const files = [...new Set([...keys].map((k) => manifest[k]!.file))]
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(DIST, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
    });
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}
