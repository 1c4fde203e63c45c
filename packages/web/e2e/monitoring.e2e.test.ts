// Remote monitoring in the browser (issue #6 point 6 and its acceptance): the patient adds a device in
// the portal and reads its credentials off the page; the device then sends a deterioration over HTTP with
// those credentials; on the clinician's dashboard — open before the readings, never reloaded — the alert
// appears by itself, is acknowledged in the UI, and the acknowledgement is in the audit log as the
// clinician's update of the alert's Task; the patient then finds the readings in My readings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../../server/src/db/repository.types.ts';
import { checkAppPage, signIn, useE2e } from './fixtures.ts';
import { WEB_DIR } from './web-build.ts';

const e2e = useE2e();

type Strings = Record<string, unknown>;
/** The app's own English wording, so the test follows the pages. */
function strings(namespace: string): (key: string, vars?: Record<string, string>) => string {
  const path = join(WEB_DIR, 'src', 'i18n', 'locales', 'en', `${namespace}.json`);
  const tree = JSON.parse(readFileSync(path, 'utf8')) as Strings;
  return (key, vars = {}) => {
    const value = key.split('.').reduce<unknown>((node, k) => (node as Strings | undefined)?.[k], tree);
    if (typeof value !== 'string') throw new Error(`en/${namespace}.json has no string ${key}`);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
  };
}

/** RCP NEWS2 (2017), Chart 1: each of these scores 3 (temperature 2), an aggregate of 14 — high. */
function deterioration(atMs: number): object[] {
  const time = new Date(atMs).toISOString();
  return [
    { type: 'respiratory-rate', value: 29, unit: 'breaths/min', time },
    { type: 'oxygen-saturation', value: 89, unit: '%', time },
    { type: 'blood-pressure', systolic: 88, diastolic: 50, unit: 'mmHg', time },
    { type: 'heart-rate', value: 132, unit: 'beats/min', time },
    { type: 'body-temperature', value: 39.4, unit: 'C', time },
  ];
}

describe('remote monitoring', () => {
  it('a paired device’s deterioration reaches the dashboard live, is acknowledged there and audited, and the patient sees the readings', async () => {
    const dev = strings('devices');
    const mon = strings('monitoring');
    const { hearth } = e2e;
    const family = hearth.demoPatient.name?.[0]?.family ?? '';

    // The patient adds a pulse oximeter; its credentials are on the page, with copy buttons.
    const { page: portal, errors: portalErrors } = await e2e.newPage();
    await signIn(portal, hearth.users['demo-patient'], { start: '/portal/devices' });
    await portal.getByRole('heading', { level: 1, name: dev('title') }).waitFor();
    await portal.getByLabel(dev('add.kind')).selectOption('oxygen-saturation');
    await portal.getByLabel(dev('add.name')).fill('Bedside oximeter');
    await portal.getByRole('button', { name: dev('add.submit') }).click();
    const panel = portal.getByRole('region', {
      name: dev('credentials.title', { name: 'Bedside oximeter' }),
    });
    await panel.waitFor();
    const [username, password] = await panel.locator('code').allInnerTexts();
    expect(username).toMatch(/^[A-Za-z0-9\-.]+$/);
    expect(password!.length).toBeGreaterThanOrEqual(40);
    await panel.getByRole('button', { name: dev('credentials.copyPassword') }).waitFor();
    // The list shows it, and shows the same credentials again on request.
    await portal.getByRole('button', { name: dev('credentials.hide') }).click();
    await panel.waitFor({ state: 'detached' });
    await portal
      .getByRole('button', { name: dev('list.showCredentialsFor', { name: 'Bedside oximeter' }) })
      .click();
    await panel.waitFor();
    expect(await panel.locator('code').allInnerTexts()).toEqual(expect.arrayContaining([username, password]));
    // A pairing code for another device counts down from 10 minutes.
    await portal.getByRole('button', { name: dev('pairing.getCode') }).click();
    await expect
      .poll(() => portal.getByTestId('pairing-countdown').innerText())
      .toMatch(/^Expires in (10:00|9:[0-5]\d)$/);
    await checkAppPage(portal, 'monitoring-portal-devices');
    expect(portalErrors).toEqual([]);

    // The clinician's dashboard is open and live before anything is sent.
    const { page: desk, errors: deskErrors } = await e2e.newPage();
    await signIn(desk, hearth.users['demo-clinician'], { start: '/clinician/monitoring' });
    await desk.getByRole('heading', { level: 1, name: mon('title') }).waitFor();
    await desk.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    await desk.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    // The device sends a deterioration over HTTP with its own credentials.
    const basic = Buffer.from(`${username!}:${password!}`).toString('base64');
    const sent = await fetch(e2e.url(`/devices/${encodeURIComponent(username!)}/readings`), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify(deterioration(Date.now() - 30_000)),
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const result = (await sent.json()) as { stored: number; duplicates: number };
    expect(result.duplicates).toBe(0);
    expect(result.stored).toBeGreaterThanOrEqual(5);

    // The alert arrives on the open page by itself — no reload, no navigation.
    const alert = desk.locator('li[data-alert-id]').filter({ hasText: family }).first();
    await alert.waitFor({ timeout: 30_000 });
    expect(await desk.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    const patientCard = desk.locator(`li[data-patient-id="${hearth.demoPatient.id!}"]`);
    await patientCard.getByText(mon('news2.band.high'), { exact: false }).waitFor();
    await checkAppPage(desk, 'monitoring-dashboard');

    // Acknowledged in the UI; the page shows it as such.
    const taskId = (await alert.getAttribute('data-alert-id'))!;
    const acknowledge = new RegExp(`^${mon('alerts.acknowledge')} `);
    await alert.getByRole('button', { name: acknowledge }).click();
    const acknowledged = desk.locator(`li[data-alert-id="${taskId}"][data-status="acknowledged"]`);
    const refused = desk.locator(`li[data-alert-id="${taskId}"]`).getByRole('alert');
    await acknowledged.or(refused).first().waitFor();
    if (await refused.isVisible()) throw new Error(`Acknowledge was refused: ${await refused.innerText()}`);
    await acknowledged.getByText(mon('alerts.status.acknowledged')).first().waitFor();
    expect(await acknowledged.getByRole('button', { name: acknowledge }).count()).toBe(0);
    expect(deskErrors).toEqual([]);

    // The audit log holds the clinician's update of that Task.
    const clinician = hearth.users['demo-clinician'].fhirUser!;
    const audited = async () => {
      const bundle: Bundle = await hearth.server.services.repo.search(
        SYSTEM_CONTEXT,
        'AuditEvent',
        [['entity', `Task/${taskId}`]],
        { baseUrl: `${hearth.url}/fhir` },
      );
      return (bundle.entry ?? [])
        .map((e) => e.resource as AuditEvent)
        .filter((a) => a.action === 'U' && a.agent.some((g) => g.who?.reference === clinician)).length;
    };
    await expect.poll(audited, { timeout: 15_000 }).toBeGreaterThan(0);

    // The patient sees the device's readings in My readings (no personal target set: it says so).
    await portal.goto(e2e.url('/portal/vitals'));
    await portal.getByRole('heading', { level: 1, name: dev('vitals.title') }).waitFor();
    const oxygen = portal.getByRole('figure', {
      name: dev('vitals.chartTitle', { name: dev('vitals.names.59408-5'), unit: '%' }),
    });
    await oxygen.locator('summary').click();
    await oxygen.getByRole('cell', { name: /^89\s?%$/ }).waitFor();
    await portal.getByText(dev('vitals.noTarget')).first().waitFor();
    expect(portalErrors).toEqual([]);
  });
});
