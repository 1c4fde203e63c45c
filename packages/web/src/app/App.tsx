// The providers around every page: Mantine (theme, light scheme), TanStack Query, the auth session and
// the router.
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { AuthProvider } from '../auth/session.tsx';
import { FhirError } from '../fhir/fhir-error.ts';
import { createRouter } from './router.tsx';
import { theme } from './theme.ts';

/** The per-response nonce the server's CSP allows for the <style> elements Mantine writes. */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

/** Client errors (4xx) will not change on a retry; network and server errors might. */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof FhirError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, retry, refetchOnWindowFocus: false },
          mutations: { retry: false },
        },
      }),
  );
  const [router] = useState(createRouter);
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="light"
      forceColorScheme="light"
      getStyleNonce={() => styleNonce}
    >
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
