// `hearth users add|list|disable|enable|reset-password|reset-mfa` — accounts through the admin API (a running
// server's socket, or the database opened in-process). Passwords are read from stdin, never from the
// command line (where `ps` and shell history would show them).
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config/config.ts';
import type { AddedUser, ResetLink } from '../identity/users.admin.ts';
import type { User } from '../identity/users.ts';
import type { AdminConnection } from './admin-connection.ts';

export interface UserCommandDeps {
  run(action: (config: Readonly<Config>) => Promise<number>): () => Promise<void>;
  withAdmin<T>(config: Readonly<Config>, fn: (conn: AdminConnection) => Promise<T>): Promise<T>;
}

interface AddOptions {
  username: string;
  role: string;
  fhirUser?: string;
  proxyFor: string[];
  organization: string[];
  passwordStdin?: boolean;
}

function commaList(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return [...previous, ...items];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const user = (name: string) => `/admin/users/${encodeURIComponent(name)}`;

export function registerUserCommands(program: Command, deps: UserCommandDeps): void {
  const users = program.command('users').description('manage user accounts (sign-in for people)');

  users
    .command('add')
    .description(
      'create an account; prints it as JSON, with a one-time password (shown once) unless --password-stdin',
    )
    .requiredOption('--username <name>', 'sign-in name (3–64 letters, digits, . _ @ -)')
    .requiredOption(
      '--role <role>',
      'practitioner | patient | caregiver | admin | researcher | public-health (admins must set up TOTP)',
    )
    .option(
      '--fhir-user <reference>',
      'the FHIR resource for this person, e.g. Practitioner/123, Patient/456',
    )
    .option('--proxy-for <patients>', 'caregivers: Patient ids they act for, comma-separated', commaList, [])
    .option(
      '--organization <refs>',
      'Organization/… or CareTeam/… memberships, comma-separated',
      commaList,
      [],
    )
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action((opts: AddOptions) =>
      deps.run(async (config) => {
        const password = opts.passwordStdin ? await readStdin() : undefined;
        const added = await deps.withAdmin(config, (c) =>
          c.request<AddedUser>('POST', '/admin/users', {
            username: opts.username,
            role: opts.role,
            ...(opts.fhirUser ? { fhirUser: opts.fhirUser } : {}),
            proxyPatients: opts.proxyFor,
            organizations: opts.organization,
            ...(password === undefined ? {} : { password }),
          }),
        );
        process.stdout.write(`${JSON.stringify(added, null, 2)}\n`);
        if (added.oneTimePassword)
          process.stderr.write('The one-time password is shown once; it must be changed at first sign-in.\n');
        return 0;
      })(),
    );

  users
    .command('list')
    .description('list accounts as JSON (never password hashes or TOTP secrets)')
    .action(
      deps.run(async (config) => {
        const all = await deps.withAdmin(config, (c) => c.request<User[]>('GET', '/admin/users'));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return 0;
      }),
    );

  for (const [action, text] of [
    [
      'reset-mfa',
      'remove the TOTP authenticator (lost device); administrators enrol a new one at next sign-in',
    ],
    ['disable', 'disable an account: it can no longer sign in and its sessions end'],
    ['enable', 'enable a disabled account again (also lifts a sign-in lockout)'],
  ] as const) {
    users
      .command(`${action} <username>`)
      .description(text)
      .action((name: string) =>
        deps.run(async (config) => {
          await deps.withAdmin(config, (c) => c.request('POST', `${user(name)}/${action}`));
          process.stderr.write(`User ${name}: ${action} done\n`);
          return 0;
        })(),
      );
  }

  users
    .command('reset-password <username>')
    .description('print a single-use password reset link (expires after HEARTH_RESET_TOKEN_MINUTES)')
    .action((name: string) =>
      deps.run(async (config) => {
        const link = await deps.withAdmin(config, (c) =>
          c.request<ResetLink>('POST', `${user(name)}/reset-password`),
        );
        process.stdout.write(`${link.url}\n`);
        process.stderr.write(`Single-use link for ${link.username}, valid until ${link.expires}\n`);
        return 0;
      })(),
    );
}
