// The clinician workspace's routes (children of /clinician). Each page loads lazily; a route with
// `handle.nav` (a translation key) gets a link in the side navigation (app/nav.ts).
import type { RouteObject } from 'react-router';

export const clinicianRoutes: RouteObject[] = [
  {
    index: true,
    handle: { nav: 'common:nav.patients' },
    lazy: async () => ({ Component: (await import('./patients.page.tsx')).PatientsPage }),
  },
];
