import { badRequest, multipleMatches, notFound, OperationOutcomeError, type OutcomeKind } from '@hearth/fhir';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler, kindForStatus, statusForKind } from './errors.ts';

describe('the outcome → status table', () => {
  it.each<[OutcomeKind, number]>([
    ['bad-request', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['method-not-allowed', 405],
    ['not-acceptable', 406],
    ['conflict', 409],
    ['gone', 410],
    ['precondition-failed', 412],
    ['payload-too-large', 413],
    ['unsupported-media-type', 415],
    ['unprocessable', 422],
    ['too-many-requests', 429],
    ['server-error', 500],
    ['not-implemented', 501],
  ])('maps %s to %i and back', (kind, status) => {
    expect(statusForKind(kind)).toBe(status);
    expect(kindForStatus(status)).toBe(kind);
  });

  it('treats an unlisted 4xx as a bad request and anything else as a server error', () => {
    expect(kindForStatus(418)).toBe('bad-request');
    expect(kindForStatus(503)).toBe('server-error');
  });

  it('maps multiple matches to 412 like any failed precondition', () => {
    expect(statusForKind(multipleMatches('two').kind)).toBe(412);
  });
});

describe('the error handler', () => {
  async function answer(error: Error) {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.get('/', () => {
      throw error;
    });
    return app.inject({ method: 'GET', url: '/' });
  }

  it('sends an OperationOutcomeError with its status and outcome', async () => {
    const res = await answer(notFound('Patient/1 is not here.'));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.json().issue[0].diagnostics).toBe('Patient/1 is not here.');
  });

  it('adds WWW-Authenticate to a 401', async () => {
    const res = await answer(new OperationOutcomeError('unauthorized', [{ diagnostics: 'token needed' }]));
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('hides the details of an unexpected error behind a generic 500 OperationOutcome', async () => {
    const res = await answer(new Error('connection string postgres://secret@db'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json().resourceType).toBe('OperationOutcome');
  });

  it('keeps the status of a framework client error', async () => {
    const err = Object.assign(new Error('too big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const res = await answer(err);
    expect(res.statusCode).toBe(413);
    expect(res.json().issue[0].details.coding[0].code).toBe('payload-too-large');
  });

  it('is the same error the domain throws', () => {
    expect(badRequest('x')).toBeInstanceOf(OperationOutcomeError);
  });
});
