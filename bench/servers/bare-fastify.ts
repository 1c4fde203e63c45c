// Baseline for read-by-id: a bare Fastify route returning a stored JSON string (no auth, no database).
// It serves the same resources the Hearth database holds: the shared Synthea resources and the first
// replica (tag from argv[3]) of the patients, so both servers send bodies of the same size.
import Fastify from 'fastify';
import { firstReplica, sharedResources } from '../lib/synthea.ts';

const resources = [...sharedResources(), ...firstReplica(process.argv[3] ?? 'x')];
const stored = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, JSON.stringify(r)]));
const app = Fastify({ logger: false });
app.get<{ Params: { type: string; id: string } }>('/fhir/:type/:id', (req, reply) => {
  const body = stored.get(`${req.params.type}/${req.params.id}`);
  if (body === undefined) return reply.code(404).send();
  return reply.type('application/fhir+json').send(body);
});
const address = await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
