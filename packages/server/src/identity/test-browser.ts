// For integration tests of the sign-in pages: the real HTTP stack (buildApp: helmet, error handler) with
// the identity routes on a fresh test database, a settable clock, and a "browser" that keeps cookies and
// fills forms (it reads the CSRF token out of the served page, as a browser submits it).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { unauthorized } from '@hearth/fhir';
import { loadConfig, type Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import type { OpenTestEngine } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { buildApp } from '../http/app.ts';
import { identityRoutes } from './identity.routes.ts';

export interface IdentityTestApp {
  app: FastifyInstance;
  engine: Engine;
  config: Readonly<Config>;
  /** The clock the routes read; tests move it instead of sleeping. */
  clock: { now: Date };
  close(): Promise<void>;
}

/** The app on a fresh database, or on `engine` when given (then closing the app leaves it open). */
export async function openIdentityApp(
  open: OpenTestEngine | Engine,
  env: Record<string, string> = {},
): Promise<IdentityTestApp> {
  const shared = typeof open !== 'function';
  const engine = shared ? open : await open();
  const config = loadConfig({ HEARTH_BASE_URL: 'http://hearth.test', HEARTH_LOG_LEVEL: 'silent', ...env });
  const repo = createRepository({ db: engine, bus: createInProcessBus() });
  const authenticate = () => Promise.reject(unauthorized('no tokens in this test'));
  const app = buildApp({ config, engine, repo, authenticate });
  const clock = { now: new Date('2026-06-01T09:00:00Z') };
  await app.register(identityRoutes, { db: engine, config, now: () => clock.now });
  await app.ready();
  return {
    app,
    engine,
    config,
    clock,
    async close() {
      await app.close();
      if (!shared) await engine.close();
    },
  };
}

let browsers = 0;

/** A browser with its own cookie jar and, unless given, its own client address (for rate limits). */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** The last response's Set-Cookie headers, raw (to check their attributes). */
  lastSetCookies: string[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = `10.0.${Math.floor(++browsers / 250)}.${browsers % 250}`,
  ) {}

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const raw = res.headers['set-cookie'];
    this.lastSetCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const c of res.cookies) {
      if (c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: this.cookieHeader() }),
    );
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  /**
   * GETs the page, then posts its form (the first, or the one posting to `action`) with the given fields
   * plus the form's hidden fields (CSRF, return_to…).
   */
  async submit(
    url: string,
    fields: Record<string, string>,
    action?: string,
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(url);
    const forms = [...page.body.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = action ? forms.find((f) => decodeEntities(f[1]!) === action) : forms[0];
    if (!form) throw new Error(`No such form on ${url} (status ${page.statusCode})`);
    const hidden = Object.fromEntries(
      [...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        decodeEntities(m[2]!),
      ]),
    );
    return this.post(decodeEntities(form[1]!), { ...hidden, ...fields });
  }
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
