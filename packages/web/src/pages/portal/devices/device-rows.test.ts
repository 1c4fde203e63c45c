import type { Device } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { DEVICE_KIND_SYSTEM, deviceRow, deviceRows } from './device-rows.ts';

function device(id: string, extra: Partial<Device> = {}): Device {
  return { resourceType: 'Device', id, ...extra };
}

describe('device rows', () => {
  it('reads the name, the Hearth kind and whether it is active', () => {
    const row = deviceRow(
      device('d1', {
        status: 'active',
        deviceName: [{ name: 'Kitchen scale', type: 'user-friendly-name' }],
        type: {
          coding: [
            { system: 'http://snomed.info/sct', code: '19892000' },
            { system: DEVICE_KIND_SYSTEM, code: 'body-weight' },
          ],
          text: 'Weighing scale',
        },
        meta: { lastUpdated: '2026-11-23T10:00:00Z' },
      }),
    );
    expect(row).toEqual({
      id: 'd1',
      name: 'Kitchen scale',
      kind: 'body-weight',
      active: true,
      updated: '2026-11-23T10:00:00Z',
    });
  });

  it('falls back to the type’s text for the name, and ignores unknown kinds', () => {
    const row = deviceRow(
      device('d2', {
        status: 'inactive',
        type: { coding: [{ system: DEVICE_KIND_SYSTEM, code: 'x-ray' }], text: 'Gadget' },
      }),
    );
    expect(row).toMatchObject({ name: 'Gadget', kind: undefined, active: false });
    expect(
      deviceRow(device('d3', { deviceName: [{ name: '  ', type: 'model-name' }] }))?.name,
    ).toBeUndefined();
  });

  it('lists active devices first, the newest first, and leaves out devices without an id', () => {
    const rows = deviceRows([
      device('old', { status: 'active', meta: { lastUpdated: '2026-01-01T00:00:00Z' } }),
      device('off', { status: 'inactive', meta: { lastUpdated: '2026-11-01T00:00:00Z' } }),
      device('new', { status: 'active', meta: { lastUpdated: '2026-11-01T00:00:00Z' } }),
      { resourceType: 'Device' },
    ]);
    expect(rows.map((r) => r.id)).toEqual(['new', 'old', 'off']);
  });
});
