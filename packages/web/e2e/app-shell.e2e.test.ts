// The app shell in real Chromium: signing in through the server's /login page lands each role on its own
// home, the layout has its landmarks and is axe-clean, keyboard operable and usable on a phone and at
// 200% zoom; the language choice persists across a reload and sets <html lang>.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkAppPage, expectAccessible, PHONE, screenshot, signIn, useE2e } from './fixtures.ts';
import { loadOnSlow3g } from './slow-network.ts';
import { WEB_DIR } from './web-build.ts';

const e2e = useE2e();

interface CommonStrings {
  app: { language: string };
  nav: { myHealth: string };
}
const strings = (lang: 'en' | 'es') =>
  JSON.parse(
    readFileSync(join(WEB_DIR, 'src', 'i18n', 'locales', lang, 'common.json'), 'utf8'),
  ) as CommonStrings;

async function expectLandmarks(page: Page): Promise<void> {
  await page.getByRole('banner').waitFor();
  await page.getByRole('main').waitFor();
  expect(await page.getByRole('navigation').count()).toBeGreaterThan(0);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
}

describe('signing in to the app', () => {
  it('takes a clinician from / through /login to the clinician workspace', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-clinician'], { start: '/' });
    await page.waitForURL((url) => url.pathname.startsWith('/clinician'));
    await expectLandmarks(page);
    await checkAppPage(page, 'clinician-home');
    expect(errors).toEqual([]);
  });

  it('takes a patient from / through /login to the patient portal', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-patient'], { start: '/' });
    await page.waitForURL((url) => url.pathname.startsWith('/portal'));
    await expectLandmarks(page);
    await checkAppPage(page, 'portal-home');
    expect(errors).toEqual([]);
  });
});

describe('the language choice', () => {
  it('switches the app to Spanish, sets <html lang="es"> and keeps both across a reload', async () => {
    const { page, errors } = await e2e.newPage();
    const [en, es] = [strings('en'), strings('es')];
    await signIn(page, e2e.hearth.users['demo-patient'], { start: '/portal' });
    await page.getByRole('link', { name: en.nav.myHealth }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('combobox', { name: en.app.language }).selectOption('es');
    await page.getByRole('link', { name: es.nav.myHealth }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');

    await page.reload();
    await page.getByRole('link', { name: es.nav.myHealth }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await expect(page.getByRole('combobox', { name: es.app.language }).inputValue()).resolves.toBe('es');
    await expectAccessible(page, 'portal home in Spanish');
    await screenshot(page, 'portal-home-es');
    expect(errors).toEqual([]);
  });
});

describe('on a slow connection', () => {
  it('paints the patient portal within 3 s under Slow 3G with a cold cache', async () => {
    const { page, errors } = await e2e.newPage({ viewport: PHONE });
    await signIn(page, e2e.hearth.users['demo-patient'], { start: '/portal' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    const load = await loadOnSlow3g(page, '/portal', 'h1');
    expect(load.firstContentfulPaintMs, JSON.stringify(load)).toBeLessThanOrEqual(3000);
    expect(errors).toEqual([]);
  });
});
