// The page checks every browser test relies on must be able to fail: each is run here on a small page
// with exactly the fault it exists to catch (and on the same page without it).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectKeyboardOperable,
  expectNoHorizontalOverflow,
  launchChromium,
  phoneWidth,
  watchForPageErrors,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser.close();
});

async function pageWith(body: string, head = ''): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Check</title>${head}</head><body><main><h1>Check</h1>${body}</main></body></html>`,
  );
  return page;
}

describe('expectAccessible', () => {
  it('passes a clean page and names each serious violation of a faulty one', async () => {
    await expectAccessible(await pageWith('<label for="a">Name</label><input id="a">'), 'clean');
    const faulty = await pageWith('<input id="a"><img src="x.png">');
    await expect(expectAccessible(faulty, 'faulty')).rejects.toThrow(
      /image-alt \(critical\)[\s\S]*label \(critical\)/,
    );
  });
});

describe('expectKeyboardOperable', () => {
  it('passes controls with a focus outline, refuses one that hides it or cannot be reached', async () => {
    await expectKeyboardOperable(await pageWith('<button>One</button><a href="#x">Two</a>'), 'clean');
    const hidden = await pageWith('<button>One</button><button style="outline:none">Two</button>');
    await expect(expectKeyboardOperable(hidden, 'no outline')).rejects.toThrow(/no visible focus.*"Two"/);
    const unreachable = await pageWith('<button>One</button><a href="#x" tabindex="-1">Two</a>');
    await expect(expectKeyboardOperable(unreachable, 'skipped')).rejects.toThrow(/never reaches a "Two"/);
  });
});

describe('expectNoHorizontalOverflow', () => {
  it('refuses a page wider than a phone', async () => {
    const page = await pageWith('<p>Fits</p>');
    await phoneWidth(page);
    await expectNoHorizontalOverflow(page, 'fits');
    const clipped = await pageWith(
      '<div style="overflow:hidden"><button style="margin-left:300px;width:120px">Cut off</button></div>',
    );
    await phoneWidth(clipped);
    await expect(expectNoHorizontalOverflow(clipped, 'clipped')).rejects.toThrow(/Cut off/);
    const wide = await pageWith('<div style="width:600px">Too wide</div>');
    await phoneWidth(wide);
    await expect(expectNoHorizontalOverflow(wide, 'wide')).rejects.toThrow(
      /\d+ px wide in a 360 px viewport/,
    );
  });
});

describe('watchForPageErrors', () => {
  it('records uncaught errors and Content-Security-Policy refusals', async () => {
    const page = await browser.newPage();
    const errors = watchForPageErrors(page);
    await page.setContent(
      `<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="script-src 'none'"></head><body><script>1</script></body></html>`,
    );
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('boom');
      }),
    );
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.join('\n')).toMatch(/CSP:[\s\S]*uncaught: boom/);
  });
});
