// The patient's readings of the last 30 days (vital-sign Observations: from their devices and their
// visits) as one series per measurement, and their personal targets from their Goals.
import { useQuery } from '@tanstack/react-query';
import type { Goal, Observation } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { toSeries } from '../../clinician/observations/observation-series.ts';
import { flagAgainst, targetsFromGoals } from './vital-targets.ts';

const VITAL_SIGNS = 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
const DAYS = 30;
/** Newest first, so a very chatty device costs the oldest readings, not the latest. */
const MAX_READINGS = 3_000;

export function useMyVitals() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Observation', 'portal-vitals', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => {
      const since = new Date(Date.now() - DAYS * 86_400_000).toISOString();
      const [observations, goals] = await Promise.all([
        fhir.searchAll<Observation>(
          'Observation',
          { patient: patientId, category: VITAL_SIGNS, date: `ge${since}`, _sort: '-date', _count: '500' },
          MAX_READINGS,
        ),
        fhir.searchAll<Goal>('Goal', { patient: patientId }),
      ]);
      // Charted against the patient's own target, not population reference ranges: the shaded band
      // and the flagged points both mean "outside your target".
      const targets = targetsFromGoals(goals);
      const series = toSeries(observations).map(({ referenceRange: _range, ...s }) => ({
        ...s,
        points: flagAgainst(s.points, targets.get(s.code)),
      }));
      return { series, targets };
    },
  });
}
