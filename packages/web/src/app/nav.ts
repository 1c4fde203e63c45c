// The shell's navigation comes from the routes themselves: a route whose `handle` has `nav` (a
// translation key, `namespace:key`) gets a link in the side navigation of its area, in route order.
import type { RouteObject } from 'react-router';

export interface NavHandle {
  /** Translation key of the link text, e.g. `portal:nav.labs`. */
  nav?: string;
}

export interface NavItem {
  to: string;
  label: string;
}

export function navItems(base: string, routes: readonly RouteObject[]): NavItem[] {
  const items: NavItem[] = [];
  for (const route of routes) {
    const nav = (route.handle as NavHandle | undefined)?.nav;
    if (!nav) continue;
    const to = route.index || !route.path ? base : `${base}/${route.path.replace(/\/?\*$/, '')}`;
    items.push({ to, label: nav });
  }
  return items;
}
