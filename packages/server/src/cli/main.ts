// `hearth` — the command line (DESIGN.md §8). Machine-readable output (client credentials, exports) goes
// to stdout; progress, summaries and errors to stderr.
// Commands load their modules when they run, so `--help` and argument errors answer at once.
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import type { ClientInfo, CreatedClient } from '../auth/clients.ts';
import type { AdminConnection } from './admin-connection.ts';
import { registerUserCommands } from './users.command.ts';
import { registerDeviceCommands } from './devices.command.ts';
import { registerSimulateCommands } from './simulate.command.ts';
import type { SeedCommandOptions } from './seed.command.ts';

function positiveInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function instant(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('expected a date, e.g. 2026-01-15');
  return d;
}

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface ClientAddOptions {
  name: string;
  scope: string;
  public?: boolean;
  redirectUri: string[];
  jwksUrl?: string;
  jwksFile?: string;
  launchUrl?: string;
  idTokenAlg?: string;
  organization?: string;
}

async function readJwksFile(path: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`Cannot read the JWK Set in ${path}: ${(err as Error).message}`);
  }
}

/** Runs a command with the loaded config and exits with its code; errors become one clear line. */
function run(action: (config: Readonly<Config>) => Promise<number>): () => Promise<void> {
  return async () => {
    try {
      process.exitCode = await action(loadConfig());
    } catch (err) {
      process.stderr.write(`hearth: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  };
}

async function withAdmin<T>(config: Readonly<Config>, fn: (conn: AdminConnection) => Promise<T>): Promise<T> {
  const { connectAdmin } = await import('./admin-connection.ts');
  const conn = await connectAdmin(config);
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('hearth')
    .description('Hearth: an open, FHIR-native digital health platform')
    .addHelpText(
      'after',
      '\nEnvironment: PORT (8080), HEARTH_DATA_DIR (./.hearth, embedded database), DATABASE_URL (PostgreSQL instead),\n' +
        'HEARTH_BASE_URL (public URL). Commands work with or without a running server on the same data.',
    );

  program
    .command('start')
    .description('start the server (FHIR API at /fhir, OAuth at /oauth2)')
    .action(
      run(async (config) => {
        const { banner, startServer } = await import('../main.ts');
        const server = await startServer(config, { handleSignals: true, demo: true });
        process.stdout.write(`${banner(config, server)}\n`);
        return new Promise<number>(() => undefined); // runs until a signal closes it
      }),
    );

  const clients = program.command('clients').description('manage OAuth clients (API access)');
  clients
    .command('add')
    .description(
      'register an app; prints {client_id, client_secret?} as JSON (a generated secret is shown once; ' +
        'public clients and private_key_jwt clients get none)',
    )
    .requiredOption('--name <name>', 'a name to recognise the client by')
    .option('--scope <scopes>', 'space-separated SMART scopes it may be granted', 'system/*.*')
    .option('--public', 'a public client (browser or native app without a secret; PKCE binds its codes)')
    .option(
      '--redirect-uri <uri>',
      'an exact redirect URI for the authorization code flow (repeatable)',
      collect,
      [],
    )
    .option('--jwks-url <url>', 'https URL of the JWK Set its private_key_jwt assertions verify against')
    .option('--jwks-file <path>', 'a file with the JWK Set (public keys) for private_key_jwt')
    .option('--launch-url <url>', 'where an EHR launch sends the browser (with iss and launch)')
    .option('--id-token-alg <alg>', 'RS256 (the default) or ES256: how its OpenID id_tokens are signed')
    .option(
      '--organization <reference>',
      'Organization/<id> the app belongs to (an exchange partner): patients who refused sharing with it are hidden from it',
    )
    .action((opts: ClientAddOptions) =>
      run(async (config) => {
        const jwks = opts.jwksFile ? await readJwksFile(opts.jwksFile) : undefined;
        const created = await withAdmin(config, (c) =>
          c.request<CreatedClient>('POST', '/admin/clients', {
            name: opts.name,
            scope: opts.scope,
            ...(opts.public ? { public: true } : {}),
            ...(opts.redirectUri.length > 0 ? { redirect_uris: opts.redirectUri } : {}),
            ...(jwks ? { jwks } : {}),
            ...(opts.jwksUrl ? { jwks_url: opts.jwksUrl } : {}),
            ...(opts.launchUrl ? { launch_url: opts.launchUrl } : {}),
            ...(opts.idTokenAlg ? { id_token_signed_response_alg: opts.idTokenAlg } : {}),
            ...(opts.organization ? { organization: opts.organization } : {}),
          }),
        );
        process.stdout.write(`${JSON.stringify(created)}\n`);
        return 0;
      })(),
    );
  clients
    .command('list')
    .description('list clients as JSON (never their secrets)')
    .action(
      run(async (config) => {
        const all = await withAdmin(config, (c) => c.request<ClientInfo[]>('GET', '/admin/clients'));
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return 0;
      }),
    );
  clients
    .command('disable <client_id>')
    .description('disable a client: it can no longer get tokens')
    .action((id: string) =>
      run(async (config) => {
        await withAdmin(config, (c) => c.request('POST', `/admin/clients/${encodeURIComponent(id)}/disable`));
        process.stderr.write(`Client ${id} disabled\n`);
        return 0;
      })(),
    );

  program
    .command('keys')
    .description('manage the token signing keys')
    .command('rotate')
    .description('create a new signing key now; older keys stay in the JWKS until their tokens expire')
    .action(
      run(async (config) => {
        const { kid } = await withAdmin(config, (c) =>
          c.request<{ kid: string }>('POST', '/admin/keys/rotate'),
        );
        process.stderr.write(`New signing key ${kid}; servers sign with it within a minute\n`);
        return 0;
      }),
    );

  program
    .command('import <paths...>')
    .description(
      'import FHIR bundles (transaction, batch, collection) and NDJSON files or folders; safe to re-run, resumes after interruption',
    )
    .addOption(
      new Option('--batch-size <n>', 'resources per database transaction')
        .default(500)
        .argParser(positiveInt),
    )
    .option('--no-progress', 'no progress bar')
    .action((paths: string[], opts: { batchSize: number; progress: boolean }) =>
      run(async (config) => (await import('./import.command.ts')).importCommand(paths, opts, config))(),
    );

  program
    .command('export')
    .description('export current resources as NDJSON to stdout, or one Type.ndjson per type with --out')
    .option('--type <types>', 'resource types, comma-separated (repeatable)', list, [])
    .option('--out <dir>', 'write Type.ndjson files into this folder instead of stdout')
    .option('--since <instant>', 'only resources changed at or after this instant, e.g. 2026-01-01T00:00:00Z')
    .option(
      '--research',
      'for research use: leave out patients who opted out of research (active Consent, scope research, provision deny) and their records',
    )
    .action((opts: { type: string[]; out?: string; since?: string; research?: boolean }) =>
      run(async (config) =>
        (await import('./export.command.ts')).exportCommand(
          { types: opts.type, out: opts.out, since: opts.since, research: opts.research === true },
          config,
        ),
      )(),
    );

  program
    .command('seed')
    .description(
      'write a synthetic population (deterministic: the same seed and day give the same data) to the database, or as NDJSON files with --out',
    )
    .addOption(new Option('--patients <n>', 'number of patients').default(200).argParser(positiveInt))
    .option('--seed <seed>', 'any string; the same seed gives the same population', 'hearth')
    .option('--region <region>', 'kansas, massachusetts or texas', 'kansas')
    .addOption(
      new Option('--now <date>', "the population's today, e.g. 2026-01-15 (default: today, UTC)").argParser(
        instant,
      ),
    )
    .option('--out <dir>', 'write Type.ndjson files into this (empty) folder instead of the database')
    .addOption(
      new Option('--batch-size <n>', 'resources per database transaction')
        .default(500)
        .argParser(positiveInt),
    )
    .option('--no-progress', 'no progress bar')
    .action((opts: SeedCommandOptions) =>
      run(async (config) => (await import('./seed.command.ts')).seedCommand(opts, config))(),
    );

  registerUserCommands(program, { run, withAdmin });
  registerDeviceCommands(program, { run, withAdmin });
  registerSimulateCommands(program, { run, withAdmin });

  program
    .command('audit')
    .description('the tamper-evident audit log')
    .command('verify')
    .description(
      'recompute every audit entry and the Merkle tree, check the signed tree heads; exit 1 naming the first tampered entry',
    )
    .option('--no-progress', 'no progress bar')
    .action((opts: { progress: boolean }) =>
      run(async (config) => (await import('./audit.command.ts')).auditVerifyCommand(config, opts))(),
    );

  return program;
}

await buildProgram().parseAsync(process.argv);
