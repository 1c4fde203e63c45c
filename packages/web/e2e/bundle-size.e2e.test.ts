// Light for slow connections (issue #5 point 6): the patient portal's first page loads at most 200 KB of
// gzipped JavaScript, counted from the build the other browser tests run against (web-build.ts says
// what is counted). `npm run bench -- --only web` records the figures in bench/RESULTS.md.
import { describe, expect, it } from 'vitest';
import { initialJavaScript } from './web-build.ts';

/** Issue #5: "patient portal initial JavaScript ≤ 200 KB gzipped" (decimal kilobytes: the strict reading). */
const PORTAL_BUDGET_BYTES = 200_000;

describe('the patient portal bundle', () => {
  it('loads at most 200 KB of gzipped JavaScript for its first page', () => {
    const load = initialJavaScript('portal');
    const listing = load.files.map((f) => `${f.file} ${f.gzipBytes} B`).join(', ');
    expect(load.files.length).toBeGreaterThan(0);
    expect(load.gzipBytes, `initial JavaScript: ${listing}`).toBeLessThanOrEqual(PORTAL_BUDGET_BYTES);
  });
});
