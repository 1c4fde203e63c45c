// First page of the workspace (the shell's placeholder for the clinician helper's patient search):
// the patients of the clinician's panel, as the server's access rules let them see.
import { List, Text } from '@mantine/core';
import type { Patient } from '@medplum/fhirtypes';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFhirSearch } from '../../fhir/hooks.ts';
import { userDisplayName } from '../../app/user-name.ts';

export function PatientsPage() {
  const { t } = useTranslation();
  const patients = useFhirSearch<Patient>('Patient', { _count: '20', _sort: 'family' });
  return (
    <>
      <PageTitle title={t('nav.patients')} />
      <QueryState query={patients}>
        {(bundle) =>
          (bundle.entry ?? []).length === 0 ? (
            <Text>{t('query.empty')}</Text>
          ) : (
            <List>
              {(bundle.entry ?? []).map((e) => (
                <List.Item key={e.resource?.id}>{userDisplayName(e.resource) ?? e.resource?.id}</List.Item>
              ))}
            </List>
          )
        }
      </QueryState>
    </>
  );
}
