// The app's routes: /callback (end of the OAuth round trip) is public; everything else needs a session.
// `/` sends each role to its home; /clinician/* and /portal/* mount the page helpers' route modules,
// whose pages load lazily (one chunk per page: the portal's first load stays small).
import { createBrowserRouter } from 'react-router';
import { clinicianRoutes } from '../pages/clinician/routes.tsx';
import { portalRoutes } from '../pages/portal/routes.tsx';
import { AppLayout } from './AppLayout.tsx';
import { CallbackPage } from './CallbackPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSession } from './RequireSession.tsx';
import { RequireRole, RoleHome } from './RoleHome.tsx';
import { LoadingScreen } from './StatusScreens.tsx';

export function createRouter() {
  return createBrowserRouter([
    { path: '/callback', element: <CallbackPage /> },
    {
      element: <RequireSession />,
      // Shown while the first page's lazy chunk loads on a cold start (React Router's initial "hydration").
      hydrateFallbackElement: <LoadingScreen />,
      children: [
        { index: true, element: <RoleHome /> },
        {
          path: 'clinician',
          element: (
            <RequireRole role="clinician">
              <AppLayout base="/clinician" routes={clinicianRoutes} />
            </RequireRole>
          ),
          children: clinicianRoutes,
        },
        {
          path: 'portal',
          element: (
            <RequireRole role="patient">
              <AppLayout base="/portal" routes={portalRoutes} />
            </RequireRole>
          ),
          children: portalRoutes,
        },
      ],
    },
    { path: '*', element: <NotFoundPage /> },
  ]);
}
