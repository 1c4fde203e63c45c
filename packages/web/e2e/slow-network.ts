// Loading a page over an emulated slow mobile connection, cold (no HTTP cache), and reading its first
// contentful paint — for the slow-3G browser test and the bench's `web` section.
import type { Page } from 'playwright-core';

/**
 * Chrome DevTools' "Slow 3G" preset (devtools-frontend front_end/core/sdk/NetworkManager.ts,
 * `Slow3GConditions`, shown as "3G" since 2024): ~500 kbit/s × 0.8 down and up, 400 ms RTT × 5.
 * Throughputs are bytes per second, latency milliseconds, as Network.emulateNetworkConditions takes them.
 */
export const SLOW_3G = {
  offline: false,
  latency: 400 * 5,
  downloadThroughput: ((500 * 1000) / 8) * 0.8,
  uploadThroughput: ((500 * 1000) / 8) * 0.8,
} as const;

export interface SlowLoad {
  /** First contentful paint, ms from the navigation's start (PerformancePaintTiming). */
  firstContentfulPaintMs: number;
  /** When `ready` (e.g. the page's heading) was visible, ms from the navigation's start. */
  readyMs: number;
  /** Script bytes over the wire (encoded, as sent) during the load. */
  scriptBytes: number;
}

/**
 * Reloads `path` under Slow 3G with the HTTP cache disabled and CPU throttling off, waits until the
 * `ready` selector is visible, and reports the timings. The page keeps its storage (a signed-in app
 * stays signed in), as a returning visitor with an empty cache.
 */
export async function loadOnSlow3g(page: Page, path: string, ready: string): Promise<SlowLoad> {
  const cdp = await page.context().newCDPSession(page);
  const scripts = new Set<string>();
  let scriptBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) scriptBytes += e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  try {
    await page.goto(path, { waitUntil: 'commit', timeout: 60_000 });
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    const readyMs = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const firstContentfulPaintMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
    );
    return { firstContentfulPaintMs, readyMs, scriptBytes };
  } finally {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  }
}
