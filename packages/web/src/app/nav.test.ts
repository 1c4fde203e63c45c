import { describe, expect, it } from 'vitest';
import { navItems } from './nav.ts';

describe('navItems', () => {
  it('lists the routes with a nav handle, in order, under the area', () => {
    expect(
      navItems('/portal', [
        { index: true, handle: { nav: 'common:nav.myHealth' } },
        { path: 'labs/*', handle: { nav: 'labs:nav' } },
        { path: 'labs/:code' },
        { path: 'visits', handle: { nav: 'portal:nav.visits' } },
      ]),
    ).toEqual([
      { to: '/portal', label: 'common:nav.myHealth' },
      { to: '/portal/labs', label: 'labs:nav' },
      { to: '/portal/visits', label: 'portal:nav.visits' },
    ]);
  });
});
