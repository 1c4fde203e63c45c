// Where the server's time went: a V8 .cpuprofile (node --cpu-prof) reduced to self time per function
// and per source area (our packages by folder, dependencies by package), largest first.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `packages/server/src/db/search` → that folder; `node_modules/pg/...` → `pg`; node internals → `node:`. */
function area(url: string): string {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1]!;
  const own = /\/(packages\/[^/]+\/src(?:\/[^/]+)?)\//.exec(url) ?? /\/(packages\/[^/]+\/src)\//.exec(url);
  if (own) return own[1]!;
  if (url.startsWith('node:') || url === '') return '(node internals, GC, idle)';
  return url.replace(/^file:\/\/.*\/work\/main\//, '');
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

/** Native and node-internal frames (socket writes, crypto, GC) are charged to the nearest caller in
 * our code or a dependency, so the areas name who asked for the work. */
function chargedFrame(node: ProfileNode, parents: Map<number, ProfileNode>): ProfileNode {
  for (let n: ProfileNode | undefined = node; n; n = parents.get(n.id)) {
    if (n.callFrame.url.includes('/work/main/')) return n;
  }
  return node;
}

export function summariseProfile(path: string, n = 12): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parents.set(c, node);
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = chargedFrame(byId.get(id)!, parents).callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') return;
    total += dt;
    const file = frame.url.replace(/^.*\/work\/main\//, '');
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + dt);
    areas.set(area(frame.url), (areas.get(area(frame.url)) ?? 0) + dt);
  });
  return [
    `${path}: ${(total / 1e6).toFixed(1)} s busy`,
    '  by area (self time; native work charged to its caller):',
    ...top(areas, total, n).map((l) => `    ${l}`),
    '  by function (self time):',
    ...top(fns, total, n).map((l) => `    ${l}`),
  ].join('\n');
}

export function summariseProfiles(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(dir, f)))
    .join('\n\n');
}
