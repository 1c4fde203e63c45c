// The patient chart: the banner (who, allergies, flags) above links to the chart's sections, each its
// own URL (/clinician/patients/:id, …/vitals, …/labs, …/encounters, …/notes).
import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { QueryState } from '../../../components/QueryState.tsx';
import { NotFoundError, usePatientHeader } from './chart.resource.ts';
import { PatientBanner } from './patient-banner.tsx';
import './chart.css';

const SECTIONS = [
  { to: '', key: 'summary' },
  { to: 'vitals', key: 'vitals' },
  { to: 'labs', key: 'labs' },
  { to: 'encounters', key: 'encounters' },
  { to: 'notes', key: 'notes' },
] as const;

/** The route's patient id; the router only renders the chart under /patients/:id. */
export function usePatientId(): string {
  return useParams().id ?? '';
}

export function ChartLayout() {
  const { t } = useTranslation('clinician');
  const patientId = usePatientId();
  const header = usePatientHeader(patientId);
  if (header.error instanceof NotFoundError) {
    return (
      <Alert role="alert" color="red" title={t('chart.notFoundTitle')}>
        {t('chart.notFound')}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <QueryState query={header} loadingLabel={t('chart.loading')}>
        {(data) => <PatientBanner header={data} />}
      </QueryState>
      <nav aria-label={t('chart.sections')} className="hearth-chart-sections">
        {SECTIONS.map((s) => (
          <NavLink key={s.key} to={s.to} end className="hearth-chart-section">
            {t(`chart.section.${s.key}`)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </Stack>
  );
}
