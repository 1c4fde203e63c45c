// Mantine theme: light, with a primary colour whose filled shade passes WCAG AA (4.5:1) for white text
// (blue.8 #1864ab on white text: 6.3:1), and a visible focus ring on every focusable element.
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'always',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  // Mantine's transitions read this; prefers-reduced-motion turns them off (WCAG 2.3.3).
  respectReducedMotion: true,
  other: {},
});
