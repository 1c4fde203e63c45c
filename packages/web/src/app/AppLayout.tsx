// The signed-in layout (WCAG 2.4.1, 1.3.1): a skip link, the banner (app name, who is signed in, the
// language, sign out), the area's navigation and the main region. On every navigation focus moves to
// the new page's heading, so keyboard and screen-reader users start at the content.
import {
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  Loader,
  NavLink,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation, type RouteObject } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { useFhirRead } from '../fhir/hooks.ts';
import type { Resource } from '../fhir/types.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { navItems } from './nav.ts';
import { userDisplayName } from './user-name.ts';

export function AppLayout({ base, routes }: { base: string; routes: readonly RouteObject[] }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const items = navItems(base, routes);
  // Mantine's `sm` breakpoint, where the navigation becomes a drawer. Rendered in one place only, so
  // there is always exactly one language select and one sign-out button on the page.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  // Link texts may live in the area's own namespaces (`portal:nav.visits`): load those with the layout.
  const { t: navText } = useTranslation([
    ...new Set(items.map((i) => /^([\w-]+):/.exec(i.label)?.[1] ?? 'common')),
  ]);
  useFocusOnNavigation(location.pathname);
  useEffect(close, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="hearth-skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header component="header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('app.closeNavigation') : t('app.openNavigation')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Text fw={700} size="lg" component={RouterNavLink} to={base} c="inherit" td="none">
              {t('app.name')}
            </Text>
          </Group>
          {wide && <UserMenu />}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="main-navigation">
        {/* On a phone the header has no room for them: who is signed in, language, sign out. */}
        {!wide && (
          <Box pb="sm" mb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <UserMenu stacked />
          </Box>
        )}
        <nav aria-label={t('app.mainNavigation')}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.to === base}
              label={navText(item.label)}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Suspense fallback={<Loader role="status" aria-label={t('query.loading')} />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function UserMenu({ stacked = false }: { stacked?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const [type, id] = session.fhirUser.split('/') as [Resource['resourceType'], string];
  const me = useFhirRead(type, id);
  const name = userDisplayName(me.data as Parameters<typeof userDisplayName>[0]);
  const user = name && (
    <Text size="sm" truncate maw={220}>
      <VisuallyHidden>{t('app.signedInAs', { name })}</VisuallyHidden>
      <span aria-hidden="true">{name}</span>
    </Text>
  );
  const signOut = (
    <Button size="xs" variant="outline" onClick={session.signOut}>
      {t('app.signOut')}
    </Button>
  );
  if (stacked) {
    return (
      <Stack gap="xs" align="flex-start">
        {user}
        <LanguageSwitcher />
        {signOut}
      </Stack>
    );
  }
  return (
    <Group gap="sm" wrap="nowrap">
      {user}
      <LanguageSwitcher />
      {signOut}
    </Group>
  );
}

/** After a client-side navigation, focus the page's <h1> (or <main>); not on the first load. */
function useFocusOnNavigation(pathname: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After the new page has rendered (lazy routes and suspense may delay it a frame).
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById('page-title') ?? document.getElementById('main');
      target?.focus({ preventScroll: false });
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [pathname]);
}
