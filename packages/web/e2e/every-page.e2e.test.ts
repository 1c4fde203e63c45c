// Every page of the app, not only the ones on the flows: each clinician chart section and each page
// of the patient portal's navigation is axe-clean (no serious or critical violation), keyboard operable
// with a visible focus, and usable at 200% zoom and 360 px wide (issue #5 point 5).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkAppPage, signIn, useE2e } from './fixtures.ts';

const e2e = useE2e();

/** The page's heading is there and nothing on it is still loading. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
}

describe('every page of the app', () => {
  it('passes the checks on each section of a patient’s chart', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-clinician'], { start: '/clinician' });
    const chart = `/clinician/patients/${e2e.hearth.demoPatient.id!}`;
    for (const section of ['', '/vitals', '/labs', '/encounters', '/notes']) {
      await page.goto(e2e.url(`${chart}${section}`));
      await settled(page);
      await checkAppPage(page, `every-page-chart${section.replace('/', '-') || '-summary'}`);
    }
    expect(errors).toEqual([]);
  });

  it('passes the checks on the remote monitoring dashboard', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-clinician'], { start: '/clinician/monitoring' });
    await settled(page);
    await page.locator('[data-connection="live"]').waitFor();
    await checkAppPage(page, 'every-page-clinician-monitoring');
    expect(errors).toEqual([]);
  });

  it('passes the checks on each page of the patient portal’s navigation', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-patient'], { start: '/portal' });
    await settled(page);
    const nav = page.getByRole('navigation').first();
    const paths = await nav
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(paths.length).toBeGreaterThanOrEqual(9);
    for (const path of new Set(paths)) {
      await page.goto(e2e.url(path));
      await settled(page);
      await checkAppPage(page, `every-page${path.replaceAll('/', '-')}`);
    }
    expect(errors).toEqual([]);
  });
});
