// A table that scrolls sideways when the screen is narrower than it. The scrolling box is focusable and
// named, so keyboard users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  /** What the table holds, announced when the scrolling box gets focus. */
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}
