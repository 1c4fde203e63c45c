// The demo clinic at `hearth start` (demo-clinic.ts has the rule). Seeding runs in the background after
// the server listens — 200 patients are ~37,000 resources, which on a loaded 2-core machine takes longer
// than a newcomer should wait for the first page — so the banner says it is under way, and progress
// lines on stderr say how far it got.
import type { DemoAccount } from './demo-accounts.ts';
import { prepareDemo, seedDemo, type DemoDeps, type DemoSeeding, type DemoState } from './demo-clinic.ts';
import type { SeedProgress, SeedSummary } from './seed-database.ts';

export interface RunningDemo {
  state: DemoState;
  /** Present while this start seeds (first start, or resuming an interrupted one). */
  seeding?: DemoSeeding;
}

const PROGRESS_EVERY_MS = 5000;

function progressLines(total: number, write: (line: string) => void): (p: SeedProgress) => void {
  const started = performance.now();
  let last = started;
  return (p) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const rate = Math.round(p.resources / ((now - started) / 1000));
    write(`Demo clinic: ${p.patients}/${total} patients seeded (${p.resources} resources, ${rate}/s)`);
  };
}

function finalLine(result: SeedSummary | Error): string {
  if (result instanceof Error) return `Demo clinic: seeding failed: ${result.message}`;
  const written = result.created + result.updated + result.unchanged;
  const timing = `${written} resources in ${result.seconds.toFixed(0)} s`;
  if (result.interrupted)
    return `Demo clinic: stopped after ${result.patients} patients (${timing}); the next start resumes`;
  if (result.failed > 0)
    return `Demo clinic: ${result.failed} resources failed validation (${timing}); see the lines above`;
  return `Demo clinic ready: ${result.patients} patients, ${timing}`;
}

/** Prepares the demo for this start and, if it is not fully seeded yet, seeds it in the background. */
export async function startDemo(
  deps: DemoDeps,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RunningDemo | undefined> {
  const state = await prepareDemo(deps, new Date());
  if (!state) return undefined;
  if (state.complete) return { state };
  const seeding = seedDemo(deps, state, progressLines(state.patients, write));
  void seeding.done.then((result) => {
    write(finalLine(result));
  });
  return { state, seeding };
}

function accountLine(a: DemoAccount): string {
  return `    ${a.username.padEnd(15)} password ${a.password}   ${a.description}`;
}

/** Banner lines: what the demo holds, whether it is still seeding, and how to sign in. */
export function demoBanner(demo: RunningDemo, baseUrl: string): string[] {
  const { state } = demo;
  const what = `${state.patients} synthetic patients (seed '${state.seed}', today = ${state.now})`;
  return [
    demo.seeding
      ? `  Demo clinic:  seeding ${what} in the background — progress below; the API serves meanwhile`
      : `  Demo clinic:  ${what}`,
    `  Demo accounts (sign in at ${baseUrl}/login; passwords generated for this data dir at its first start):`,
    ...state.accounts.map(accountLine),
    '  Demo mode is on because this embedded database started empty; HEARTH_DEMO_PATIENTS=0 turns it off.',
  ];
}
