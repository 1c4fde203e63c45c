// The patient's devices: the list from FHIR (GET /fhir/Device?patient=me — a paired Device is in the
// patient's compartment), and Hearth's device endpoints for the rest (POST /devices to register, its
// credentials, a pairing code, unpair). Credentials are fetched only when asked for and never cached.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Device } from '@medplum/fhirtypes';
import { useSession } from '../../../auth/session.tsx';
import { useFhir } from '../../../fhir/client.ts';
import { useHearthApi } from '../../../fhir/hearth-api.ts';
import { fhirKey } from '../../../fhir/hooks.ts';
import { deviceRows, type ReadingKind } from './device-rows.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface PairingCode {
  code: string;
  expiresAt: string;
}

export function useMyDevices() {
  const fhir = useFhir();
  const { patientId } = useSession();
  return useQuery({
    queryKey: fhirKey('Device', 'portal', patientId),
    enabled: patientId !== undefined,
    queryFn: async () => deviceRows(await fhir.searchAll<Device>('Device', { patient: patientId })),
  });
}

/** POST /devices: registered and paired to the signed-in patient; the answer carries its credentials. */
export function useRegisterDevice() {
  const api = useHearthApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: ReadingKind; name?: string }) =>
      api.post<{ device: Device; credentials: Credentials }>('/devices', {
        kind: input.kind,
        ...(input.name ? { name: input.name } : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: fhirKey('Device') }),
  });
}

/** GET /devices/{id}/credentials: the same username and password the CLI prints. */
export function useShowCredentials() {
  const api = useHearthApi();
  return useMutation({
    mutationFn: (deviceId: string) =>
      api.get<Credentials>(`/devices/${encodeURIComponent(deviceId)}/credentials`),
  });
}

/** POST /devices/pairing-codes: a short code for a device someone else set up to pair to me. */
export function usePairingCode() {
  const api = useHearthApi();
  return useMutation({
    mutationFn: () => api.post<PairingCode>('/devices/pairing-codes', {}),
  });
}

/** POST /devices/{id}/unpair: the device stops sending for me and its credentials stop working. */
export function useUnpairDevice() {
  const api = useHearthApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deviceId: string) => api.post<Device>(`/devices/${encodeURIComponent(deviceId)}/unpair`),
    onSettled: () => client.invalidateQueries({ queryKey: fhirKey('Device') }),
  });
}
