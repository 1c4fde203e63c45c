// Notes with their authors in one request (search.html#include: DocumentReference:author).
import type { Bundle } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useFhir } from '../../../fhir/client.ts';
import { chartKey } from '../chart/chart.resource.ts';
import { noteRows, type NoteRow } from './note-text.ts';

/** Notes shown per page of the list; older ones are a "show more" away. */
export const NOTES_PAGE = 50;

export function useNotes(patientId: string, count: number) {
  const fhir = useFhir();
  return useQuery({
    queryKey: chartKey('DocumentReference', patientId, { count }),
    queryFn: async ({ signal }): Promise<{ rows: NoteRow[]; more: boolean }> => {
      const query = new URLSearchParams([
        ['patient', patientId],
        ['_sort', '-date'],
        ['_count', String(count)],
        ['_include', 'DocumentReference:author'],
      ]);
      const bundle = await fhir.request<Bundle>(`DocumentReference?${query.toString()}`, { signal });
      const entries = bundle.entry ?? [];
      const docs = entries.flatMap((e) =>
        e.resource?.resourceType === 'DocumentReference' ? [e.resource] : [],
      );
      const authors = entries.flatMap((e) =>
        e.resource?.resourceType === 'Practitioner' ? [e.resource] : [],
      );
      return {
        rows: noteRows(docs, authors),
        more: bundle.link?.some((l) => l.relation === 'next') ?? false,
      };
    },
    placeholderData: (previous) => previous,
  });
}
