// The pipeline's audit hook (DESIGN.md §3): every /fhir and /audit request (and every refused or reading
// /devices and /monitoring request) becomes an audit entry once
// its response is decided — reads, searches, operations, bundles, and refused requests (401, 403, any
// failure) alike, and so does a refused /oauth2/token request (a failed client login). Successful writes
// are left out here: the repository records each one in the same
// transaction as the change. Entries go to the audit log's queue, so a clinical read never waits on it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { agentOf, type AuditAction, type AuditEntryInput } from './audit-event.ts';
import type { AuditLog } from './audit-log.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The response Bundle of an audited search/history/operation, kept for the audit queue. */
    auditBundle: string | undefined;
    /** The patients whose data a non-FHIR read returned (e.g. the monitoring dashboard), for its entry. */
    auditPatients: readonly string[] | undefined;
  }
}

export interface Classified {
  interaction: string;
  action: AuditAction;
  resourceType?: string;
  entity?: string;
  patient?: string;
  /** A write the repository records itself when it succeeds. */
  repositoryWrite: boolean;
}

const WRITE: Record<string, [string, AuditAction]> = {
  POST: ['create', 'C'],
  PUT: ['update', 'U'],
  PATCH: ['patch', 'U'],
  DELETE: ['delete', 'D'],
};

/** The FHIR interaction (restful-interaction codes) a request path asks for. */
export function classifyFhirRequest(method: string, path: string): Classified {
  const seg = path
    .split('/')
    .filter((s) => s.length > 0)
    .slice(1)
    .map(decodeURIComponent);
  const m = method === 'HEAD' ? 'GET' : method;
  const [type, second, third, fourth] = seg;
  const read = (interaction: string, extra: Partial<Classified> = {}): Classified => ({
    interaction,
    action: 'R',
    repositoryWrite: false,
    ...extra,
  });
  if (type === undefined) return m === 'POST' ? { ...read('batch'), action: 'E' } : read('search-system');
  if (type === '_history') return read('history-system');
  if (type.startsWith('$') || second?.startsWith('$') || third?.startsWith('$')) {
    const patient = type === 'Patient' && second && !second.startsWith('$') ? second : undefined;
    const entity = patient ? `Patient/${patient}` : undefined;
    return {
      interaction: 'operation',
      action: 'E',
      resourceType: type,
      entity,
      patient,
      repositoryWrite: false,
    };
  }
  if (second === '_search') return read('search-type', { resourceType: type });
  if (second === '_history') return read('history-type', { resourceType: type });
  if (second === undefined) {
    if (m === 'GET') return read('search-type', { resourceType: type });
    const [interaction, action] = WRITE[m] ?? ['operation', 'E'];
    return { interaction, action, resourceType: type, repositoryWrite: m in WRITE };
  }
  const entity = `${type}/${second}`;
  const patient = type === 'Patient' ? second : undefined;
  if (third === '_history') {
    return read(fourth === undefined ? 'history-instance' : 'vread', { resourceType: type, entity, patient });
  }
  if (third !== undefined) return read('search-type', { resourceType: third, patient });
  if (m === 'GET') return read('read', { resourceType: type, entity, patient });
  const [interaction, action] = WRITE[m] ?? ['operation', 'E'];
  return { interaction, action, resourceType: type, entity, patient, repositoryWrite: m in WRITE };
}

/** OAuth token requests are audited only when refused: a failed client authentication is a failed login. */
const TOKEN_PATH = '/oauth2/token';

/**
 * Device and monitoring routes (devices/, monitoring/) outside /fhir: their writes and device ingestion
 * are audited by the repository and the reading store, credential views by the device registry; this
 * hook adds their refusals and the monitoring reads (the dashboard shows many patients' vitals).
 */
const DEVICE_PATHS = ['/devices/', '/monitoring/'];

function isAudited(path: string): boolean {
  if (path === TOKEN_PATH) return true;
  if (path === '/fhir/metadata' || path.startsWith('/fhir/.well-known/')) return false;
  if (path === '/devices' || DEVICE_PATHS.some((p) => path.startsWith(p))) return true;
  return path === '/fhir' || path.startsWith('/fhir/') || path.startsWith('/audit/');
}

function deviceRouteEntry(
  request: FastifyRequest,
  path: string,
  base: Omit<AuditEntryInput, 'interaction' | 'action'>,
): AuditEntryInput | undefined {
  const read = request.method === 'GET' && path.startsWith('/monitoring/') && path !== '/monitoring/ws';
  if (base.status < 400 && !read) return undefined;
  return {
    ...base,
    interaction: 'operation',
    action: read ? 'R' : 'E',
    patients: request.auditPatients,
  };
}

function entryFor(request: FastifyRequest, status: number, recorded: string): AuditEntryInput | undefined {
  const [path, query] = request.url.split('?', 2) as [string, string | undefined];
  const ctx = request.accessContext;
  const base = {
    recorded,
    status,
    agent: agentOf(ctx, request.ip),
    breakGlassReason: ctx?.breakGlassReason,
    breakGlassGrants: ctx?.breakGlassGrants,
    query,
  };
  if (path === TOKEN_PATH) {
    if (status < 400) return undefined;
    const body = request.body as Record<string, unknown> | undefined;
    const clientId = typeof body?.client_id === 'string' ? body.client_id : undefined;
    // The query of a token request is never recorded: it may carry credentials.
    return {
      ...base,
      query: undefined,
      interaction: 'login',
      action: 'E',
      agent: { clientId, sourceIp: request.ip },
    };
  }
  if (path === '/devices' || DEVICE_PATHS.some((p) => path.startsWith(p))) {
    return deviceRouteEntry(request, path, base);
  }
  if (path.startsWith('/audit/')) {
    return { ...base, interaction: 'operation', action: 'E', resourceType: 'AuditEvent' };
  }
  const c = classifyFhirRequest(request.method, path);
  if (c.repositoryWrite && status < 400) return undefined;
  return {
    ...base,
    interaction: c.interaction,
    action: c.action,
    resourceType: c.resourceType,
    entities: c.entity ? [c.entity] : undefined,
    patients: c.patient ? [c.patient] : undefined,
  };
}

/** Adds the audit hooks to the app (the root instance, so they see every route). */
export function registerRequestAudit(
  app: FastifyInstance,
  log: AuditLog,
  now: () => Date = () => new Date(),
): void {
  app.decorateRequest('auditBundle', undefined);
  app.decorateRequest('auditPatients', undefined);
  app.addHook('onSend', async (request, reply, payload) => {
    // Bundles name the resources a search returned: kept (a reference, no copy) to find their patients.
    const bundle = typeof payload === 'string' && payload.startsWith('{"resourceType":"Bundle"');
    if (bundle && reply.statusCode < 300 && isAudited(request.url.split('?', 1)[0]!)) {
      request.auditBundle = payload;
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!isAudited(request.url.split('?', 1)[0]!)) return;
    const entry = entryFor(request, reply.statusCode, now().toISOString());
    if (entry) log.record(entry, { bundle: request.auditBundle });
  });
}
