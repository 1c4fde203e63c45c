// The dashboard's data: GET /monitoring/dashboard once, then kept current by /monitoring/ws (each
// message applied to the cached dashboard, no reload), refetched whenever the feed (re)connects so
// nothing said while it was down is missed; and the acknowledge / escalate actions on an alert.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAuth } from '../../../auth/session.tsx';
import { useHearthApi } from '../../../fhir/hearth-api.ts';
import { applyMessage, liveStep, normalizeDashboard, parseAlert } from './dashboard-state.ts';
import {
  connectMonitoring,
  monitoringSocketUrl,
  type ConnectionState,
  type MonitoringSocket,
} from './monitoring-socket.ts';
import type { AlertView, Dashboard } from './monitoring.types.ts';

export const DASHBOARD_KEY = ['monitoring', 'dashboard'];

export function useDashboard() {
  const api = useHearthApi();
  return useQuery({
    queryKey: DASHBOARD_KEY,
    queryFn: async () => normalizeDashboard(await api.get<Dashboard>('/monitoring/dashboard')),
    // Live updates keep it current; a refetch on focus would only repeat what the feed said.
    refetchOnWindowFocus: false,
  });
}

export interface LiveFeed {
  state: ConnectionState;
  /** Alerts that arrived over the feed since the page opened, newest last (for the live region). */
  arrived: AlertView[];
  retryNow: () => void;
}

/** Connects the feed while the page is open. */
export function useLiveMonitoring(): LiveFeed {
  const { accessToken } = useAuth();
  const client = useQueryClient();
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const [arrived, setArrived] = useState<AlertView[]>([]);
  const socket = useRef<MonitoringSocket | undefined>(undefined);

  useEffect(() => {
    const connection = connectMonitoring({
      url: monitoringSocketUrl(window.location),
      token: accessToken,
      onState: setState,
      onMessage: (message) => {
        const step = liveStep(client.getQueryData<Dashboard>(DASHBOARD_KEY), message, Date.now());
        if (step.next) client.setQueryData<Dashboard>(DASHBOARD_KEY, step.next);
        if (step.refetch) void client.invalidateQueries({ queryKey: DASHBOARD_KEY });
        const { arrived } = step;
        if (arrived) setArrived((list) => [...list, arrived]);
      },
    });
    socket.current = connection;
    return () => {
      connection.close();
    };
  }, [accessToken, client]);

  const retryNow = useCallback(() => {
    socket.current?.retryNow();
  }, []);
  return { state, arrived, retryNow };
}

export type AlertAction = 'acknowledge' | 'escalate';

/**
 * POST /monitoring/alerts/{taskId}/acknowledge or /escalate, as the signed-in user (the server does it
 * through the repository with the caller's context, so the audit log names them). The answer, when it
 * is the changed alert, goes straight into the dashboard; the feed sends the same change to everyone.
 */
export function useAlertAction() {
  const api = useHearthApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, action }: { alert: AlertView; action: AlertAction }) =>
      api.post<unknown>(`/monitoring/alerts/${encodeURIComponent(alert.id)}/${action}`),
    onSuccess: async (answer) => {
      const current = client.getQueryData<Dashboard>(DASHBOARD_KEY);
      const changed = parseAlert((answer as { alert?: unknown } | undefined)?.alert ?? answer);
      if (current && changed) {
        client.setQueryData<Dashboard>(
          DASHBOARD_KEY,
          applyMessage(current, { type: 'alert', alert: changed }, Date.now()),
        );
      } else {
        await client.invalidateQueries({ queryKey: DASHBOARD_KEY });
      }
    },
  });
}
