// POST /devices/{deviceId}/readings end to end (issue #6 point 2): device credentials, the real payload
// parser and store, on both engines. A refused request stores nothing, whatever part of it was good.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { MAX_PAYLOAD_BYTES } from './readings-intake.ts';
import {
  addDevice,
  basic,
  heartRate,
  openDeviceStack,
  sampleCount,
  unpairDevice,
  type DeviceStack,
} from './transports.fixtures.ts';
import type { DeviceCredentials } from './types.ts';

describe.each(testEngines())('device readings over HTTP on %s', (_name, open) => {
  let stack: DeviceStack;
  beforeAll(async () => {
    stack = await openDeviceStack(open);
  });
  afterAll(() => stack.close());

  const post = (deviceId: string, body: unknown, headers: Record<string, string>) =>
    stack.app.inject({
      method: 'POST',
      url: `/devices/${deviceId}/readings`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const send = (device: { deviceId: string; credentials: DeviceCredentials }, body: unknown) =>
    post(device.deviceId, body, { authorization: basic(device.credentials) });

  it('answers 202 with what was stored, once durable, and stores a re-sent reading once', async () => {
    const device = await addDevice(stack);
    const reading = heartRate(72);
    const first = await send(device, reading);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ stored: 1, duplicates: 0 });
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(1);

    const again = await send(device, reading);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ stored: 0, duplicates: 1 });
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(1);
  });

  it('takes a batch in Hearth JSON and Open mHealth, as application/json or FHIR JSON', async () => {
    const device = await addDevice(stack);
    const time = new Date(Date.now() - 120_000).toISOString();
    const batch = [
      heartRate(80, 90_000),
      { type: 'blood-pressure', systolic: 128, diastolic: 84, unit: 'mmHg', time },
      {
        header: { schema_id: { namespace: 'omh', name: 'body-weight', version: '1.0' } },
        body: { body_weight: { value: 170, unit: 'lb' }, effective_time_frame: { date_time: time } },
      },
    ];
    const res = await post(device.deviceId, batch, {
      authorization: basic(device.credentials),
      'content-type': 'application/fhir+json',
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ stored: 3, duplicates: 0 });
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(3);
  });

  it('refuses a request without credentials or with wrong ones: 401 asking for Basic, nothing stored', async () => {
    const device = await addDevice(stack);
    const none = await post(device.deviceId, heartRate(70), {});
    const wrong = await post(device.deviceId, heartRate(70), {
      authorization: basic({ username: device.deviceId, password: 'not-the-password' }),
    });
    const bearer = await post(device.deviceId, heartRate(70), { authorization: 'Bearer test' });
    for (const res of [none, wrong, bearer]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
    }
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
  });

  it("refuses one device's credentials on another device's readings URL (403), storing nothing", async () => {
    const mine = await addDevice(stack);
    const other = await addDevice(stack);
    const res = await post(other.deviceId, heartRate(70), { authorization: basic(mine.credentials) });
    expect(res.statusCode).toBe(403);
    expect(res.json<OperationOutcome>().issue[0]!.code).toBe('forbidden');
    expect(await sampleCount(stack.engine, other.deviceId)).toBe(0);
    expect(await sampleCount(stack.engine, mine.deviceId)).toBe(0);
  });

  it('refuses readings from a device not paired to a patient (403), and after unpairing (401)', async () => {
    const unpaired = await addDevice(stack, false);
    const res = await send(unpaired, heartRate(70));
    expect(res.statusCode).toBe(403);
    expect(res.json<OperationOutcome>().issue[0]!.diagnostics).toMatch(/not paired/);
    expect(await sampleCount(stack.engine, unpaired.deviceId)).toBe(0);

    const device = await addDevice(stack);
    expect((await send(device, heartRate(70))).statusCode).toBe(202);
    await unpairDevice(stack, device.deviceId);
    const after = await send(device, heartRate(71, 30_000));
    expect(after.statusCode).toBe(401); // unpairing revokes the credentials
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(1);
  });

  describe('refuses a bad payload with 400 and its reason, and stores none of it', () => {
    const cases: [string, unknown, RegExp, string?][] = [
      ['one bad reading in a batch', [heartRate(70), heartRate(9000)], /value/, '[1].value'],
      [
        'an unknown type',
        { type: 'mood', value: 3, unit: '1', time: '2026-11-23T08:00:00Z' },
        /type/,
        'type',
      ],
      ['a unit that is not a heart rate', { ...heartRate(70), unit: 'kg' }, /unit/, 'unit'],
      ['a time without a zone', { ...heartRate(70), time: '2026-11-23T08:00:00' }, /time|zone/, 'time'],
      ['a time in the future', heartRate(70, -3_600_000), /future/, 'time'],
      ['an empty array', [], /empty/],
      ['a bare number', 72, /payload/],
      ['text that is not JSON', '{"type": "heart-rate",', /JSON/],
    ];
    it.each(cases)('%s', async (_what, body, message, expression) => {
      const device = await addDevice(stack);
      const res = await send(device, body);
      expect(res.statusCode, res.body).toBe(400);
      const outcome = res.json<OperationOutcome>();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue.map((i) => i.diagnostics).join(' ')).toMatch(message);
      if (expression) expect(outcome.issue.flatMap((i) => i.expression ?? [])).toContain(expression);
      expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
    });
  });

  it('refuses a body over the size limit with 413, and a form body with 415', async () => {
    const device = await addDevice(stack);
    const big = JSON.stringify([{ ...heartRate(70), note: 'x'.repeat(MAX_PAYLOAD_BYTES) }]);
    const tooLarge = await send(device, big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
    // What `curl -d` sends unless told -H 'content-type: application/json'.
    const form = await post(device.deviceId, 'type=heart-rate&value=72', {
      authorization: basic(device.credentials),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json<OperationOutcome>().issue[0]!.diagnostics).toMatch(/json/i);
    expect(await sampleCount(stack.engine, device.deviceId)).toBe(0);
  });
});
