// The signed-in patient's visits, newest first, one page at a time (a long record has hundreds), with
// the people and places named; and their upcoming appointments.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { fetchNames } from '../record/names.ts';
import { visitRows } from './visit-rows.ts';

export const VISITS_PER_PAGE = 20;

export function useVisits(page: number, perPage = VISITS_PER_PAGE) {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Encounter', 'portal', patientId, page, perPage),
    enabled: patientId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const bundle = await fhir.search<Encounter>('Encounter', {
        patient: patientId,
        _sort: '-date',
        _count: String(perPage),
        _offset: String((page - 1) * perPage),
        _total: 'accurate',
      });
      const encounters = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
      const names = await fetchNames(
        fhir,
        encounters.flatMap((e) => [
          ...(e.participant ?? []).map((p) => p.individual),
          e.serviceProvider,
          ...(e.location ?? []).map((l) => l.location),
        ]),
      );
      return { rows: visitRows(encounters, names), total: bundle.total ?? encounters.length };
    },
  });
}

/** Booked or requested appointments from today on, soonest first. */
export function useUpcomingAppointments(count: number) {
  const fhir = useFhir();
  const { patientId } = useSession();
  const today = new Date().toISOString().slice(0, 10);
  return useQuery({
    queryKey: fhirKey('Appointment', 'portal', patientId, today, count),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const bundle = await fhir.search<Appointment>('Appointment', {
        patient: patientId,
        date: `ge${today}`,
        status: 'proposed,pending,booked',
        _sort: 'date',
        _count: String(count),
      });
      return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    },
  });
}
