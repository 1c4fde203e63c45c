// Who an alert is with, or who acknowledged it, by name: the server says `Practitioner/123` (a
// reference); the names come from one search per type of the people on the dashboard's alerts.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Resource } from '@medplum/fhirtypes';
import { userDisplayName } from '../../../app/user-name.ts';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { DASHBOARD_KEY } from './monitoring.resource.ts';
import type { Dashboard } from './monitoring.types.ts';

const REFERENCE =
  /^(Practitioner|PractitionerRole|Organization|Patient|RelatedPerson)\/([A-Za-z0-9\-.]{1,64})$/;

/** The references to name: owners and acknowledgers of the alerts, grouped by type. */
export function responderIds(dashboard: Dashboard | undefined): Map<string, string[]> {
  const byType = new Map<string, Set<string>>();
  for (const a of dashboard?.alerts ?? []) {
    for (const ref of [a.owner, a.acknowledgedBy]) {
      const m = REFERENCE.exec(ref ?? '');
      if (!m) continue;
      byType.set(m[1]!, (byType.get(m[1]!) ?? new Set()).add(m[2]!));
    }
  }
  return new Map([...byType].map(([type, ids]) => [type, [...ids].sort()]));
}

/** `Practitioner/123` → "Dr Ana Ruiz"; anything it cannot name is shown as it came. */
export function useResponderName(): (ref: string | undefined) => string | undefined {
  const fhir = useFhir();
  const client = useQueryClient();
  const ids = responderIds(client.getQueryData<Dashboard>(DASHBOARD_KEY));
  const names = useQuery({
    queryKey: fhirKey('Responder', 'names', [...ids]),
    enabled: ids.size > 0,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const out = new Map<string, string>();
      await Promise.all(
        [...ids].map(async ([type, list]) => {
          const found = await fhir.searchAll<Resource>(type as Resource['resourceType'], {
            _id: list.join(','),
          });
          for (const r of found) {
            const name =
              r.resourceType === 'Organization'
                ? r.name
                : userDisplayName(r as Parameters<typeof userDisplayName>[0]);
            if (name && r.id) out.set(`${r.resourceType}/${r.id}`, name);
          }
        }),
      );
      return out;
    },
  });
  return (ref) => (ref ? (names.data?.get(ref) ?? ref) : undefined);
}
