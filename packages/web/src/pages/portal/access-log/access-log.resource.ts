// The AuditEvents of the signed-in patient's record (Hearth limits a patient to their own), newest
// first, one page at a time, the people named. Every page the patient opens is audited too, so their
// own activity soon outnumbers everyone else's; by default it is left out. FHIR search cannot exclude an
// agent reference (:not is for tokens), so the page filters a larger server page of entries instead.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { accessRow } from './access-rows.ts';

/** Entries per page when the patient's own are shown, and the server page scanned when they are not. */
export const ACCESS_PER_PAGE = 20;
export const SCANNED_PER_PAGE = 100;

export function useAccessLog(page: number, includeOwn: boolean) {
  const fhir = useFhir();
  const { patientId, fhirUser } = useSession();
  return useQuery({
    queryKey: fhirKey('AuditEvent', 'portal', patientId, page, includeOwn),
    enabled: patientId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const perPage = includeOwn ? ACCESS_PER_PAGE : SCANNED_PER_PAGE;
      const bundle = await fhir.search<AuditEvent>('AuditEvent', {
        patient: `Patient/${patientId ?? ''}`,
        _sort: '-date',
        _count: String(perPage),
        _offset: String((page - 1) * perPage),
        _total: 'accurate',
      });
      const all = (bundle.entry ?? []).flatMap((e) => (e.resource ? [accessRow(e.resource, fhirUser)] : []));
      const rows = includeOwn ? all : all.filter((r) => !r.isYou);
      const names = await fetchNames(
        fhir,
        rows.map((r) => r.whoReference),
      );
      const first = (page - 1) * perPage + 1;
      return { rows, names, total: bundle.total ?? all.length, perPage, first, last: first + all.length - 1 };
    },
  });
}
