// Thin HTTP adapters (STYLE.md §2): the alert inbox's acknowledge and escalate, the dashboard, and the
// live WebSocket. Each request authenticates with the app's Bearer authenticator (the WebSocket with its
// first message); the work is done through the repository with the caller's context, so it is access
// controlled and the audit names the person.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withAccessFacts } from '../access/break-glass.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext } from '../db/repository.types.ts';
import type { AlertService } from './alert-service.ts';
import { buildDashboard } from './dashboard.ts';
import type { SearchTarget } from './fhir-search.ts';
import type { Authenticate, LiveHub } from './live-hub.ts';
import type { Monitor } from './monitor.ts';

export interface MonitoringRoutesOptions {
  engine: Engine;
  target: SearchTarget;
  authenticate: Authenticate;
  alerts: AlertService;
  monitor: Monitor;
  hub: LiveHub;
  clock: () => Date;
}

const ID = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } },
} as const;

export function monitoringRoutes(
  app: FastifyInstance,
  opts: MonitoringRoutesOptions,
  done: () => void,
): void {
  // The caller is kept on the request, so the audit entry of a refused or reading request names them.
  const caller = async (request: FastifyRequest): Promise<AccessContext> => {
    request.accessContext = await withAccessFacts(
      opts.engine,
      await opts.authenticate(request),
      opts.clock(),
    );
    return request.accessContext;
  };

  app.get('/monitoring/ws', { websocket: true }, (socket, request) => {
    opts.hub.attach(socket, request);
  });

  app.get('/monitoring/dashboard', async (request) => {
    const dashboard = await buildDashboard({
      target: opts.target,
      ctx: await caller(request),
      states: opts.monitor.states(),
      alerts: opts.alerts,
      nowMs: opts.clock().getTime(),
    });
    request.auditPatients = dashboard.patients.map((p) => p.patientId);
    return dashboard;
  });

  app.post<{ Params: { id: string } }>(
    '/monitoring/alerts/:id/acknowledge',
    { schema: { params: ID } },
    async (request) => opts.alerts.acknowledge(await caller(request), request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/monitoring/alerts/:id/escalate',
    { schema: { params: ID } },
    async (request) => opts.alerts.escalate(await caller(request), request.params.id),
  );
  done();
}
