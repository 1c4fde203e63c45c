// Hearth's own JSON endpoints beside FHIR (/devices, /monitoring): the FHIR client's request with the
// site root as its base, so they get the same bearer token, the same OperationOutcome errors (FhirError)
// and the same end of session on a 401, with plain JSON instead of application/fhir+json.
import { useMemo } from 'react';
import { useAuth } from '../auth/session.tsx';
import { createFhirClient, type FhirClient } from './client.ts';

export interface HearthApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

export function hearthApi(client: Pick<FhirClient, 'request'>): HearthApi {
  return {
    get: (path) => client.request(path, { headers: { accept: 'application/json' } }),
    post: (path, body) =>
      client.request(path, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body ?? {}) }),
  };
}

/** The API client of the signed-in session; paths are absolute (`/devices/…`). */
export function useHearthApi(): HearthApi {
  const { accessToken, expire } = useAuth();
  return useMemo(
    () => hearthApi(createFhirClient({ accessToken, onUnauthorized: expire, base: '' })),
    [accessToken, expire],
  );
}
