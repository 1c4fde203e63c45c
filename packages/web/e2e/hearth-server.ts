// A real Hearth for browser tests: the server in-process (the same startServer as `npm start`) on a fresh
// temporary embedded database, in demo mode with a small population, listening on a free loopback port
// whose URL is also the configured base URL (the web app's OAuth redirect URI is `${baseUrl}/callback`).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient, Practitioner } from '@medplum/fhirtypes';
import { loadConfig, startServer, type RunningServer } from '@hearth/server';
import { SYSTEM_CONTEXT } from '../../server/src/db/repository.types.ts';

/** Few patients: the demo clinic's accounts and the clinician's panel, seeded in seconds. */
const DEMO_PATIENTS = 3;

export interface DemoUser {
  username: 'demo-clinician' | 'demo-patient' | 'demo-admin';
  password: string;
  fhirUser?: string;
}

export interface Hearth {
  /** e.g. `http://127.0.0.1:41234` — the base URL the server was configured with. */
  url: string;
  server: RunningServer;
  users: Record<DemoUser['username'], DemoUser>;
  /** The demo patient's own record (the patient `demo-patient` signs in as). */
  demoPatient: Patient;
  /** The demo clinician's Practitioner (their general practitioner, `demo-clinician`). */
  demoClinician: Practitioner;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

async function startOnFreePort(dataDir: string): Promise<RunningServer> {
  // The probe's port is free a moment before the server binds it; another process may take it in
  // between, so try again on EADDRINUSE.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      HEARTH_BASE_URL: `http://127.0.0.1:${port}`,
      HEARTH_DATA_DIR: dataDir,
      HEARTH_DEMO_PATIENTS: String(DEMO_PATIENTS),
      HEARTH_LOG_LEVEL: 'silent',
    });
    try {
      return await startServer(config, { demo: true });
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String(err))) throw err;
    }
  }
}

function demoUsers(server: RunningServer): Hearth['users'] {
  const accounts = server.demo?.state.accounts ?? [];
  const find = (username: DemoUser['username']): DemoUser => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`The demo clinic has no ${username} account`);
    return {
      username,
      password: account.password,
      ...(account.fhirUser ? { fhirUser: account.fhirUser } : {}),
    };
  };
  return {
    'demo-clinician': find('demo-clinician'),
    'demo-patient': find('demo-patient'),
    'demo-admin': find('demo-admin'),
  };
}

/** Starts Hearth and waits until the demo clinic is seeded. */
export async function startHearth(): Promise<Hearth> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-e2e-'));
  let server: RunningServer | undefined;
  try {
    server = await startOnFreePort(dataDir);
    const seeded = await server.demo?.seeding?.done;
    if (seeded instanceof Error) throw seeded;
    if (!seeded || seeded.failed > 0) throw new Error('The demo clinic was not seeded');
    const users = demoUsers(server);
    const { repo } = server.services;
    const patientId = users['demo-patient'].fhirUser?.replace(/^Patient\//, '') ?? '';
    const clinicianId = users['demo-clinician'].fhirUser?.replace(/^Practitioner\//, '') ?? '';
    const demoPatient = (await repo.read(SYSTEM_CONTEXT, 'Patient', patientId)) as Patient;
    const demoClinician = (await repo.read(SYSTEM_CONTEXT, 'Practitioner', clinicianId)) as Practitioner;
    const running = server;
    return {
      url: running.services.config.baseUrl,
      server: running,
      users,
      demoPatient,
      demoClinician,
      async close() {
        await running.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
