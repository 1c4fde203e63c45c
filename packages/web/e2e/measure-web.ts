// `node --import tsx packages/web/e2e/measure-web.ts` — the web app's figures for the bench's `web`
// section (bench/scenarios/web.ts runs this in a child process and tabulates its JSON on stdout):
// builds the app, sizes each role's initial JavaScript, and loads the patient portal under Slow 3G in
// Chromium against a real Hearth (a 3-patient demo clinic), as the slow-3G browser test does.
import { launchChromium } from './browser.ts';
import { signIn } from './fixtures.ts';
import { startHearth } from './hearth-server.ts';
import { loadOnSlow3g, type SlowLoad } from './slow-network.ts';
import { buildWeb, initialJavaScript, type InitialLoad } from './web-build.ts';

export interface WebFigures {
  portal: InitialLoad;
  clinician: InitialLoad;
  portalSlow3g: SlowLoad;
}

async function portalOnSlow3g(): Promise<SlowLoad> {
  const [hearth, browser] = await Promise.all([startHearth(), launchChromium()]);
  try {
    const context = await browser.newContext({ baseURL: hearth.url, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, hearth.users['demo-patient'], { start: '/portal' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    return await loadOnSlow3g(page, '/portal', 'h1');
  } finally {
    await browser.close();
    await hearth.close();
  }
}

await buildWeb();
const figures: WebFigures = {
  portal: initialJavaScript('portal'),
  clinician: initialJavaScript('clinician'),
  portalSlow3g: await portalOnSlow3g(),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
