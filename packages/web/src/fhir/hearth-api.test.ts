import { describe, expect, it } from 'vitest';
import { createFhirClient, FhirError } from './client.ts';
import { hearthApi } from './hearth-api.ts';

function harness(answer: { status: number; body?: unknown }) {
  const calls: { url: string; init: RequestInit }[] = [];
  let unauthorized = 0;
  const client = createFhirClient({
    base: '',
    accessToken: () => Promise.resolve('tok'),
    onUnauthorized: () => {
      unauthorized += 1;
    },
    fetch: (input, init) => {
      calls.push({ url: input as string, init: init ?? {} });
      return Promise.resolve(
        new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status,
        }),
      );
    },
  });
  return { api: hearthApi(client), calls, unauthorized: () => unauthorized };
}

describe('hearthApi', () => {
  it('GETs a site path with the bearer token, asking for JSON', async () => {
    const h = harness({ status: 200, body: { patients: [] } });
    expect(await h.api.get('/monitoring/dashboard')).toEqual({ patients: [] });
    expect(h.calls[0]?.url).toBe('/monitoring/dashboard');
    const headers = new Headers(h.calls[0]?.init.headers);
    expect(headers.get('authorization')).toBe('Bearer tok');
    expect(headers.get('accept')).toBe('application/json');
  });

  it('POSTs a JSON body (an empty object when none is given)', async () => {
    const h = harness({ status: 201, body: { code: 'ABCD2345', expiresAt: '2026-11-23T12:10:00Z' } });
    await h.api.post('/devices/pairing-codes');
    await h.api.post('/devices', { kind: 'heart-rate' });
    expect(h.calls.map((c) => [c.init.method, c.init.body])).toEqual([
      ['POST', '{}'],
      ['POST', '{"kind":"heart-rate"}'],
    ]);
    expect(new Headers(h.calls[0]?.init.headers).get('content-type')).toBe('application/json');
  });

  it('turns a refusal into a FhirError with the server’s words, and a 401 ends the session', async () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'conflict', diagnostics: 'This alert has already been acknowledged' },
      ],
    };
    const h = harness({ status: 409, body: outcome });
    const err = await h.api.post('/monitoring/alerts/t1/acknowledge').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirError);
    expect((err as FhirError).status).toBe(409);
    expect((err as FhirError).message).toMatch(/already been acknowledged/);
    const gone = harness({ status: 401 });
    await expect(gone.api.get('/devices/d1/credentials')).rejects.toBeInstanceOf(FhirError);
    expect(gone.unauthorized()).toBe(1);
  });
});
