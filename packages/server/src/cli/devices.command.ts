// `hearth devices add|credentials|list|revoke` — remote monitoring devices (issue #6 point 1) through the
// admin API (a running server's socket, or the database opened in-process). Credentials go to stdout as
// JSON, for scripts and for configuring the device; what happened goes to stderr.
import { type Command } from 'commander';
import type { Config } from '../config/config.ts';
import type { AddedDevice, ListedDevice } from '../devices/devices.admin.ts';
import type { DeviceCredentials } from '../devices/types.ts';
import type { AdminConnection } from './admin-connection.ts';

export interface DeviceCommandDeps {
  run(action: (config: Readonly<Config>) => Promise<number>): () => Promise<void>;
  withAdmin<T>(config: Readonly<Config>, fn: (conn: AdminConnection) => Promise<T>): Promise<T>;
}

const device = (id: string) => `/admin/devices/${encodeURIComponent(id)}`;

export function registerDeviceCommands(program: Command, deps: DeviceCommandDeps): void {
  const devices = program
    .command('devices')
    .description('manage remote monitoring devices (wearables, home devices) and their credentials');

  devices
    .command('add')
    .description('register a device; prints {device_id, username, password} as JSON')
    .option(
      '--kind <kind>',
      'heart-rate | blood-pressure | body-weight | oxygen-saturation | body-temperature | respiratory-rate | blood-glucose | step-count',
    )
    .option('--name <name>', 'a name to recognise it by')
    .option(
      '--patient <id>',
      'pair it to this patient now (Patient id or Patient/<id>); else it pairs with a code',
    )
    .action((opts: { kind?: string; name?: string; patient?: string }) =>
      deps.run(async (config) => {
        const added = await deps.withAdmin(config, (c) =>
          c.request<AddedDevice>('POST', '/admin/devices', {
            ...(opts.kind !== undefined ? { kind: opts.kind } : {}),
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.patient !== undefined ? { patient: opts.patient } : {}),
          }),
        );
        process.stdout.write(`${JSON.stringify(added)}\n`);
        return 0;
      })(),
    );

  devices
    .command('credentials <device_id>')
    .description('print the device\'s MQTT/HTTP credentials as JSON {"username", "password"}')
    .action((id: string) =>
      deps.run(async (config) => {
        const c = await deps.withAdmin(config, (a) =>
          a.request<DeviceCredentials>('GET', `${device(id)}/credentials`),
        );
        process.stdout.write(`${JSON.stringify({ username: c.username, password: c.password })}\n`);
        return 0;
      })(),
    );

  devices
    .command('list')
    .description('list devices as JSON (their pairing and whether their credentials work; never passwords)')
    .action(
      deps.run(async (config) => {
        const all = await deps.withAdmin(config, (c) => c.request<ListedDevice[]>('GET', '/admin/devices'));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return 0;
      }),
    );

  devices
    .command('revoke <device_id>')
    .description('unpair the device from its patient and revoke its credentials (it can no longer send)')
    .action((id: string) =>
      deps.run(async (config) => {
        await deps.withAdmin(config, (c) => c.request('POST', `${device(id)}/revoke`));
        process.stderr.write(`Device ${id}: unpaired, credentials revoked\n`);
        return 0;
      })(),
    );
}
