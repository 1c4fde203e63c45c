// TanStack Query hooks over the FHIR client. Keys start with 'fhir' and the resource type, so a write
// can invalidate everything of its type: `queryClient.invalidateQueries({ queryKey: ['fhir', 'Observation'] })`.
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useFhir, type SearchParams } from './client.ts';
import type { Bundle, Resource } from './types.ts';

export function fhirKey(type: string, ...rest: unknown[]): unknown[] {
  return ['fhir', type, ...rest];
}

/** One resource by id; disabled while `id` is undefined. */
export function useFhirRead<T extends Resource>(
  type: T['resourceType'],
  id: string | undefined,
): UseQueryResult<T> {
  const fhir = useFhir();
  return useQuery({
    queryKey: fhirKey(type, 'read', id),
    queryFn: () => fhir.read<T>(type, id!),
    enabled: id !== undefined && id !== '',
  });
}

/** One page of a search, as the server's Bundle. */
export function useFhirSearch<T extends Resource>(
  type: T['resourceType'],
  params: SearchParams,
  opts: { enabled?: boolean } = {},
): UseQueryResult<Bundle<T>> {
  const fhir = useFhir();
  return useQuery({
    queryKey: fhirKey(type, 'search', params),
    queryFn: () => fhir.search<T>(type, params),
    enabled: opts.enabled ?? true,
  });
}

/** Every match of a search (all pages), as resources. */
export function useFhirSearchAll<T extends Resource>(
  type: T['resourceType'],
  params: SearchParams,
  opts: { enabled?: boolean } = {},
): UseQueryResult<T[]> {
  const fhir = useFhir();
  return useQuery({
    queryKey: fhirKey(type, 'all', params),
    queryFn: () => fhir.searchAll<T>(type, params),
    enabled: opts.enabled ?? true,
  });
}

/** Create or update a resource, then refetch every query of its type. */
export function useFhirSave<T extends Resource>() {
  const fhir = useFhir();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (resource: T) => (resource.id ? fhir.update(resource) : fhir.create(resource)),
    onSuccess: (saved) => client.invalidateQueries({ queryKey: fhirKey(saved.resourceType) }),
  });
}
