// Vite build of the web app. Every page is a lazy route (src/pages/*/routes.tsx), so Rollup splits the
// bundle per route and the patient portal's first load carries only the shell and the portal's home.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Where `npm run dev -w packages/web` forwards API calls: a Hearth started with `npm start`. */
const HEARTH = process.env.HEARTH_DEV_SERVER ?? 'http://localhost:8080';

/** Every path the server answers itself (APIs, sign-in pages, health): the SPA owns everything else. */
const SERVER_PATHS = [
  '/fhir',
  '/oauth2',
  '/login',
  '/logout',
  '/reset-password',
  '/audit',
  '/admin',
  '/healthz',
  '/readyz',
  '/.well-known',
  '/devices',
  '/monitoring',
];

/**
 * First paint on slow connections (issue #5 point 6; packages/web/e2e measures it under Slow 3G): the
 * stylesheet Vite puts in <head> moves to the end of <body>, after the splash in #root (index.html).
 * Chromium then paints the splash without waiting for the stylesheet (one in <body> holds back only the
 * content after it), while the app's module script still waits for it (scripts wait for pending style
 * sheets), so the app never renders unstyled. Measured: FCP 23.8 s → 2.1 s on Slow 3G, cold cache.
 */
function stylesheetAfterSplash(): Plugin {
  return {
    name: 'hearth:stylesheet-after-splash',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const links = html.match(/[ \t]*<link rel="stylesheet"[^>]*>\n?/g) ?? [];
        const rest = links.reduce((out, link) => out.replace(link, ''), html);
        return rest.replace('</body>', `${links.map((l) => `  ${l.trim()}`).join('\n')}\n  </body>`);
      },
    },
  };
}

/** Text assets compressed ahead of time: the server sends `x.br`/`x.gz` to browsers that accept them. */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'hearth:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      // Only this build's own files (another build may be writing the same folder).
      for (const name of Object.keys(bundle)) {
        if (!/^assets\/.*\.(js|css|svg)$/.test(name)) continue;
        const content = await readFile(join(outDir, name));
        const brotli = { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } };
        await writeFile(join(outDir, `${name}.br`), brotliCompressSync(content, brotli));
        await writeFile(join(outDir, `${name}.gz`), gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), stylesheetAfterSplash(), precompress()],
  resolve: {
    // The monorepo hoists an older React for an unrelated dev tool; the app must use one React (its own).
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks each page loads, for the bundle-size test and bench
    // (packages/web/e2e/web-build.ts).
    manifest: true,
    // The portal target is 200 KB gzipped of initial JavaScript (issue #5); warn well before.
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    strictPort: true,
    // Same origin as the app in dev too: cookies of /login and the token endpoint need no CORS.
    // `ws: true` for the clinician's live feed (/monitoring/ws).
    proxy: Object.fromEntries(
      SERVER_PATHS.map((p) => [p, { target: HEARTH, changeOrigin: false, ws: p === '/monitoring' }]),
    ),
  },
});
