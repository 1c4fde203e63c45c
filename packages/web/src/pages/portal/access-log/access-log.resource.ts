// The AuditEvents of the signed-in patient's record (Hearth limits a patient to their own), newest
// first, one page at a time, the people named.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { accessRow } from './access-rows.ts';

export const ACCESS_PER_PAGE = 20;

export function useAccessLog(page: number) {
  const fhir = useFhir();
  const { patientId, fhirUser } = useSession();
  return useQuery({
    queryKey: fhirKey('AuditEvent', 'portal', patientId, page),
    enabled: patientId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const bundle = await fhir.search<AuditEvent>('AuditEvent', {
        patient: `Patient/${patientId ?? ''}`,
        _sort: '-date',
        _count: String(ACCESS_PER_PAGE),
        _offset: String((page - 1) * ACCESS_PER_PAGE),
        _total: 'accurate',
      });
      const rows = (bundle.entry ?? []).flatMap((e) => (e.resource ? [accessRow(e.resource, fhirUser)] : []));
      const names = await fetchNames(
        fhir,
        rows.map((r) => (r.isYou ? undefined : r.whoReference)),
      );
      return { rows, names, total: bundle.total ?? rows.length };
    },
  });
}
