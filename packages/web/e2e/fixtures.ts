// What a browser test file needs: one Hearth and one Chromium for the whole file (started in beforeAll,
// closed in afterAll), a fresh browser context — own cookies and storage — per page, and sign-in through
// the server's own /login form, as a person does it.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, watchForPageErrors } from './browser.ts';
import { startHearth, type DemoUser, type Hearth } from './hearth-server.ts';

export * from './browser.ts';
export type { DemoUser, Hearth } from './hearth-server.ts';

const START_TIMEOUT_MS = 180_000;

export interface E2e {
  readonly hearth: Hearth;
  readonly browser: Browser;
  /** A page in a new browser context (closed after the test); `errors` collects uncaught errors and CSP refusals. */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
  /** `${hearth.url}${path}`. */
  url(path: string): string;
}

/** Registers the file's hooks: one Hearth and one Chromium, started together. */
export function useE2e(): E2e {
  let hearth: Hearth | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [h, b] = await Promise.allSettled([startHearth(), launchChromium()]);
    if (h.status === 'fulfilled') hearth = h.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (h.status === 'rejected') throw h.reason;
    if (b.status === 'rejected') throw b.reason;
  }, START_TIMEOUT_MS);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await hearth?.close();
  }, START_TIMEOUT_MS);

  const e2e: E2e = {
    get hearth() {
      if (!hearth) throw new Error('Hearth is not running (beforeAll failed)');
      return hearth;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not running (beforeAll failed)');
      return browser;
    },
    async newPage(options = {}) {
      const context = await e2e.browser.newContext({
        baseURL: e2e.hearth.url,
        viewport: { width: 1280, height: 800 },
        locale: 'en-US',
        reducedMotion: 'reduce',
        ...options,
      });
      contexts.push(context);
      const page = await context.newPage();
      return { page, errors: watchForPageErrors(page) };
    },
    url: (path) => `${e2e.hearth.url}${path}`,
  };
  return e2e;
}

/**
 * Signs in on the server's /login form. `start` is where the browser goes first: `/login` itself, or an
 * app page that sends a signed-out person to /login (then the browser ends up back in the app).
 */
export async function signIn(page: Page, user: DemoUser, opts: { start?: string } = {}): Promise<void> {
  await page.goto(opts.start ?? '/login');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page.waitForLoadState();
  const refusal = page.getByRole('alert').first();
  if (new URL(page.url()).pathname === '/login' && (await refusal.isVisible()))
    throw new Error(`Sign-in as ${user.username} failed: ${await refusal.innerText()}`);
}
