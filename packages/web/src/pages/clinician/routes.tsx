// The clinician workspace's routes (children of /clinician): patient search at the index, and the
// chart at patients/:id with one URL per section, and remote monitoring (its dashboard and alerts). Every page loads lazily (its own chunk).
import type { RouteObject } from 'react-router';

export const clinicianRoutes: RouteObject[] = [
  {
    index: true,
    handle: { nav: 'common:nav.patients' },
    lazy: async () => ({ Component: (await import('./search/patient-search.page.tsx')).PatientSearchPage }),
  },
  {
    path: 'monitoring',
    handle: { nav: 'monitoring:nav' },
    lazy: async () => ({ Component: (await import('./monitoring/monitoring.page.tsx')).MonitoringPage }),
  },
  {
    path: 'patients/:id',
    lazy: async () => ({ Component: (await import('./chart/chart.layout.tsx')).ChartLayout }),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./chart/summary.page.tsx')).SummaryPage }),
      },
      {
        path: 'vitals',
        lazy: async () => ({ Component: (await import('./observations/vitals.page.tsx')).VitalsPage }),
      },
      {
        path: 'labs',
        lazy: async () => ({ Component: (await import('./observations/labs.page.tsx')).LabsPage }),
      },
      {
        path: 'encounters',
        lazy: async () => ({ Component: (await import('./encounters/encounters.page.tsx')).EncountersPage }),
      },
      {
        path: 'notes',
        lazy: async () => ({ Component: (await import('./notes/notes.page.tsx')).NotesPage }),
      },
    ],
  },
];
