// Vitest global setup of the e2e project: the browser tests run against the built app that the server
// serves, so build it once per run — only when dist is missing or older than its sources (a quick local
// re-run), and always in CI, where a stale dist must never pass for the current code.
import { buildWeb, webBuildIsFresh } from './web-build.ts';

export default async function setup(): Promise<void> {
  if (!process.env.CI && webBuildIsFresh()) return;
  const started = performance.now();
  await buildWeb();
  process.stderr.write(`e2e: built packages/web in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
