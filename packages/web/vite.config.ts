// Vite build of the web app. Every page is a lazy route (src/pages/*/routes.tsx), so Rollup splits the
// bundle per route and the patient portal's first load carries only the shell and the portal's home.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
];

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The monorepo hoists an older React for an unrelated dev tool; the app must use one React (its own).
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The portal target is 200 KB gzipped of initial JavaScript (issue #5); warn well before.
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    strictPort: true,
    // Same origin as the app in dev too: cookies of /login and the token endpoint need no CORS.
    proxy: Object.fromEntries(SERVER_PATHS.map((p) => [p, { target: HEARTH, changeOrigin: false }])),
  },
});
