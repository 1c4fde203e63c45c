// `npm start` builds the web app first, but only when a source changed since the last build, so a
// restart costs nothing (a build takes ~10 s). Freshness and the build itself are the ones the browser
// tests use (e2e/web-build.ts): dist/index.html newer than every source file, a production Vite build.
import { buildWeb, DIST, webBuildIsFresh } from './e2e/web-build.ts';

if (webBuildIsFresh()) {
  process.stderr.write(`Web app: up to date in ${DIST}\n`);
} else {
  process.stderr.write(`Web app: building into ${DIST}…\n`);
  const started = Date.now();
  await buildWeb();
  process.stderr.write(`Web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
