// First page of the portal (the shell's placeholder for the portal helper's summary): whose record
// this is, read from the patient in the token's launch context.
import { Text } from '@mantine/core';
import type { Patient } from '@medplum/fhirtypes';
import { useTranslation } from 'react-i18next';
import { userDisplayName } from '../../app/user-name.ts';
import { useSession } from '../../auth/session.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFhirRead } from '../../fhir/hooks.ts';
import { useFormat } from '../../i18n/format.ts';

export function PortalHomePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { patientId } = useSession();
  const patient = useFhirRead<Patient>('Patient', patientId);
  return (
    <>
      <PageTitle title={t('nav.myHealth')} />
      <QueryState query={patient}>
        {(p) => (
          <Text>
            {userDisplayName(p)} · {format.date(p.birthDate)}
          </Text>
        )}
      </QueryState>
    </>
  );
}
