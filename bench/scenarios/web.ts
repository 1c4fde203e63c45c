// The web app on a slow connection (issue #5 point 6), measured by packages/web/e2e/measure-web.ts in a
// child process (it drives Chromium; its browser-side code needs DOM types this project does not load):
//   - the gzipped JavaScript each role's first page loads (entry chunk + its static imports + the first
//     page's lazy chunk and its static imports, from Vite's build manifest), against the portal's
//     200 KB target; the clinician's has no target and is shown for comparison;
//   - the patient portal's first contentful paint and time to its heading, cold cache, under Chrome
//     DevTools' Slow 3G preset (2 s latency, 50 KB/s each way) with CPU throttling off.
// No same-run baseline: the targets are absolute.
import { spawn } from 'node:child_process';
import { ROOT } from '../lib/child-server.ts';
import type { BenchRow } from '../lib/report.ts';
import { fmt } from '../lib/report.ts';

const PORTAL_JS_TARGET_BYTES = 200_000;
const FCP_TARGET_MS = 3000;

/** The JSON measure-web.ts prints (its WebFigures). */
interface InitialLoad {
  files: unknown[];
  bytes: number;
  gzipBytes: number;
}
interface WebFigures {
  portal: InitialLoad;
  clinician: InitialLoad;
  portalSlow3g: { firstContentfulPaintMs: number; readyMs: number; scriptBytes: number };
}

function measure(): Promise<WebFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/web/e2e/measure-web.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as WebFigures);
      else reject(new Error(`the web measurement child exited with ${code}`));
    });
  });
}

const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;

function bundleRow(who: string, load: InitialLoad, target?: number): BenchRow {
  return {
    engine: '—',
    name: `web: ${who} first page, initial JavaScript gzipped (${load.files.length} files, ${kb(load.bytes)} raw)`,
    value: kb(load.gzipBytes),
    ...(target === undefined ? {} : { target: `≤ ${kb(target)}`, met: load.gzipBytes <= target }),
  };
}

export async function benchWeb(): Promise<BenchRow[]> {
  process.stderr.write('web: build, bundle sizes, portal under Slow 3G (child process)\n');
  const f = await measure();
  const slow = f.portalSlow3g;
  return [
    bundleRow('patient portal', f.portal, PORTAL_JS_TARGET_BYTES),
    bundleRow('clinician workspace', f.clinician),
    {
      engine: '—',
      name: 'web: patient portal first contentful paint, Slow 3G, cold cache, CPU unthrottled',
      value: `${fmt(slow.firstContentfulPaintMs)} ms`,
      target: `≤ ${fmt(FCP_TARGET_MS)} ms`,
      met: slow.firstContentfulPaintMs <= FCP_TARGET_MS,
    },
    {
      engine: '—',
      name: `web: patient portal heading visible, same load (${kb(slow.scriptBytes)} of script over the wire)`,
      value: `${fmt(slow.readyMs)} ms`,
    },
  ];
}
