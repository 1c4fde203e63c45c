// The patient portal's routes (children of /portal). Each page loads lazily, so the portal's first
// load carries only the shell and its home page; a route with `handle.nav` (a translation key) gets a
// link in the side navigation (app/nav.ts).
import type { RouteObject } from 'react-router';

export const portalRoutes: RouteObject[] = [
  {
    index: true,
    handle: { nav: 'common:nav.myHealth' },
    lazy: async () => ({ Component: (await import('./summary/summary.page.tsx')).SummaryPage }),
  },
  {
    path: 'labs',
    handle: { nav: 'labs:nav' },
    lazy: async () => ({ Component: (await import('./labs/labs.page.tsx')).LabsPage }),
  },
  {
    path: 'labs/:code',
    lazy: async () => ({ Component: (await import('./labs/lab-test.page.tsx')).LabTestPage }),
  },
  {
    path: 'conditions',
    handle: { nav: 'portal:nav.conditions' },
    lazy: async () => ({ Component: (await import('./conditions/conditions.page.tsx')).ConditionsPage }),
  },
  {
    path: 'medications',
    handle: { nav: 'portal:nav.medications' },
    lazy: async () => ({ Component: (await import('./medications/medications.page.tsx')).MedicationsPage }),
  },
  {
    path: 'allergies',
    handle: { nav: 'portal:nav.allergies' },
    lazy: async () => ({ Component: (await import('./allergies/allergies.page.tsx')).AllergiesPage }),
  },
  {
    path: 'immunizations',
    handle: { nav: 'portal:nav.immunizations' },
    lazy: async () => ({
      Component: (await import('./immunizations/immunizations.page.tsx')).ImmunizationsPage,
    }),
  },
  {
    path: 'visits',
    handle: { nav: 'portal:nav.visits' },
    lazy: async () => ({ Component: (await import('./visits/visits.page.tsx')).VisitsPage }),
  },
  {
    path: 'vitals',
    handle: { nav: 'devices:vitals.nav' },
    lazy: async () => ({ Component: (await import('./vitals/vitals.page.tsx')).VitalsPage }),
  },
  {
    path: 'devices',
    handle: { nav: 'devices:nav' },
    lazy: async () => ({ Component: (await import('./devices/devices.page.tsx')).DevicesPage }),
  },
  {
    path: 'record',
    handle: { nav: 'portal:nav.record' },
    lazy: async () => ({ Component: (await import('./record/record.page.tsx')).RecordPage }),
  },
  {
    path: 'access-log',
    handle: { nav: 'portal:nav.accessLog' },
    lazy: async () => ({ Component: (await import('./access-log/access-log.page.tsx')).AccessLogPage }),
  },
  {
    path: 'consents',
    handle: { nav: 'portal:nav.consents' },
    lazy: async () => ({ Component: (await import('./consents/consents.page.tsx')).ConsentsPage }),
  },
];
