// The two flows end to end in real Chromium (issue #5 point 7), on one Hearth so the second sees
// the first's traces: a clinician finds a patient by typing part of the name, opens the chart, records a
// blood pressure and sees it on the chart; then that patient opens their lab results, switches to
// Spanish, downloads their record (a FHIR Bundle holding them) and finds the clinician's visit in "who
// saw my record". Every page visited is axe-checked and photographed into test-artifacts/e2e/.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, signIn, useE2e } from './fixtures.ts';
import { WEB_DIR } from './web-build.ts';

const e2e = useE2e();

type Strings = Record<string, unknown>;
/** A lookup of the app's own translations, so the test follows the wording the pages show. */
function strings(lang: 'en' | 'es', namespace: string): (key: string) => string {
  const path = join(WEB_DIR, 'src', 'i18n', 'locales', lang, `${namespace}.json`);
  const tree = JSON.parse(readFileSync(path, 'utf8')) as Strings;
  return (key) => {
    const value = key.split('.').reduce<unknown>((node, k) => (node as Strings | undefined)?.[k], tree);
    if (typeof value !== 'string') throw new Error(`${lang}/${namespace}.json has no string ${key}`);
    return value;
  };
}

/** axe-check the page as it is and save a screenshot. */
async function visit(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/** Opens a chart's table alternative and counts the cells showing `value` (with or without its unit). */
async function cellsShowing(chart: Locator, value: string): Promise<number> {
  const details = chart.locator('details');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return chart.getByRole('cell', { name: new RegExp(`^${value}(\\s|$)`) }).count();
}

describe('a clinician visit, then the patient', () => {
  const systolic = '143';
  const diastolic = '91';

  it('a clinician finds the patient as they type, records a blood pressure and sees it on the chart', async () => {
    const t = strings('en', 'clinician');
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-clinician'], { start: '/clinician' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(page, 'clinician-search');

    // Results as you type: part of the family name, key by key, and no Enter.
    const family = e2e.hearth.demoPatient.name?.[0]?.family ?? '';
    await page
      .getByLabel(t('search.label'))
      .pressSequentially(family.slice(0, 4).toLowerCase(), { delay: 80 });
    const result = page.getByRole('link', { name: new RegExp(family) });
    await result.first().waitFor();
    await visit(page, 'clinician-search-results');
    await result.first().click();
    await page.waitForURL((url) => url.pathname === `/clinician/patients/${e2e.hearth.demoPatient.id ?? ''}`);
    await page.getByRole('heading', { level: 2, name: t('chart.section.summary') }).waitFor();
    await visit(page, 'clinician-chart-summary');

    await page.getByRole('link', { name: t('chart.section.vitals'), exact: true }).click();
    await page.getByRole('heading', { level: 2, name: t('chart.section.vitals') }).waitFor();
    const bpChart = page.getByRole('figure', { name: t('vitals.bloodPressureChart') });
    const systolicBefore = (await bpChart.count()) > 0 ? await cellsShowing(bpChart, systolic) : 0;

    await page.getByRole('button', { name: t('vitals.record') }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel(/^Systolic/).fill(systolic);
    await form.getByLabel(/^Diastolic/).fill(diastolic);
    await visit(page, 'clinician-record-vitals');
    await form.getByRole('button', { name: t('form.save') }).click();
    await form.waitFor({ state: 'detached' });

    await page
      .getByRole('table', { name: t('vitals.latest') })
      .getByText(systolic)
      .first()
      .waitFor();
    await expect.poll(() => cellsShowing(bpChart, systolic)).toBe(systolicBefore + 1);
    expect(await cellsShowing(bpChart, diastolic)).toBeGreaterThan(0);
    await visit(page, 'clinician-chart-vitals');

    for (const section of ['labs', 'encounters', 'notes'] as const) {
      await page.getByRole('link', { name: t(`chart.section.${section}`), exact: true }).click();
      await page.getByRole('heading', { level: 2, name: t(`chart.section.${section}`) }).waitFor();
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      await visit(page, `clinician-chart-${section}`);
    }
    expect(errors).toEqual([]);
  });

  it('the patient opens lab results, switches to Spanish, downloads the record and sees the visit in the access log', async () => {
    const [labs, labsEs, portalEs, commonEn] = [
      strings('en', 'labs'),
      strings('es', 'labs'),
      strings('es', 'portal'),
      strings('en', 'common'),
    ];
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-patient'], { start: '/portal' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await visit(page, 'portal-summary');

    await page.getByRole('link', { name: labs('nav'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: labs('title') }).waitFor();
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await visit(page, 'portal-labs');
    const firstTest = page.getByRole('main').getByRole('link').first();
    // The link reads "{{test}}: what it means and …" (labs.json openTest); the test's page is titled {{test}}.
    const testName = (await firstTest.innerText()).split(':')[0]!.trim();
    await firstTest.click();
    await page.waitForURL((url) => /^\/portal\/labs\/[^/]+$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: testName }).waitFor();
    await visit(page, 'portal-lab-test');

    await page.getByRole('combobox', { name: commonEn('app.language') }).selectOption('es');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('es');
    await page.getByRole('link', { name: labsEs('nav'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: labsEs('title') }).waitFor();
    await visit(page, 'portal-labs-es');

    await page.getByRole('link', { name: portalEs('nav.record'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: portalEs('record.title') }).waitFor();
    await visit(page, 'portal-record-es');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: portalEs('record.download') }).click(),
    ]);
    const bundle = JSON.parse(await readFile(await download.path(), 'utf8')) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    const patients = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient');
    expect(patients.map((e) => e.resource?.id)).toEqual([e2e.hearth.demoPatient.id]);
    expect((bundle.entry ?? []).length).toBeGreaterThan(1);

    await page.getByRole('link', { name: portalEs('nav.accessLog'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: portalEs('accessLog.title') }).waitFor();
    const clinician = e2e.hearth.demoClinician.name?.[0]?.family ?? '';
    await page.getByRole('main').getByText(new RegExp(clinician)).first().waitFor();
    await visit(page, 'portal-access-log-es');
    expect(errors).toEqual([]);
  });
});
