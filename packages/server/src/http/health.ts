// Liveness and readiness (DESIGN.md §8): /healthz answers while the process runs; /readyz only when the
// database answers a query, so a load balancer stops sending traffic to an instance that cannot serve.
import { operationOutcome } from '@hearth/fhir';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../db/engine.ts';
import { FHIR_JSON } from './errors.ts';

export function healthRoutes(app: FastifyInstance, opts: { engine: Engine }, done: () => void): void {
  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await opts.engine.query('SELECT 1');
      return await reply.send({ status: 'ready' });
    } catch (err) {
      request.log.warn({ err: { message: (err as Error).message } }, 'database not reachable');
      const outcome = operationOutcome('server-error', [
        { code: 'transient', diagnostics: 'The database is not reachable.' },
      ]);
      return reply.status(503).type(FHIR_JSON).send(JSON.stringify(outcome));
    }
  });
  done();
}
