import type { ImportItem } from './import-item.ts';

/** One resource read from a file: an item to apply, or why it could not be read. */
export type SourceRecord = { source: string; item: ImportItem } | { source: string; error: string };
