// How payload parsing reports problems: one issue per offending element, with its path in the payload and a
// message that tells the sender what to change.

/** One problem with a payload. `index` is the reading's position in the batch (-1: the payload as a whole). */
export interface ReadingIssue {
  index: number;
  /** Where in the payload, e.g. `[2].value` or `body.heart_rate.unit`; '' for the payload as a whole. */
  path: string;
  message: string;
}

/** Parsing state for one reading of a batch. */
export interface ReadingContext {
  index: number;
  /** Path of the reading in the payload: '' when the payload is the reading, `[3]` in an array. */
  prefix: string;
  /** Server time, ms since the epoch (readings from the future are refused). */
  nowMs: number;
  issues: ReadingIssue[];
}

export function joinPath(prefix: string, field: string): string {
  if (!prefix) return field;
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

export function report(ctx: ReadingContext, field: string, message: string): void {
  ctx.issues.push({ index: ctx.index, path: joinPath(ctx.prefix, field), message });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, in words: `a string "72"`, `an array`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Reports every key of `obj` not in `allowed` as an issue; `what` names the object for the message. */
export function reportUnknownFields(
  ctx: ReadingContext,
  options: { obj: Record<string, unknown>; base: string; allowed: readonly string[]; what: string },
): void {
  for (const key of Object.keys(options.obj)) {
    if (options.allowed.includes(key)) continue;
    report(
      ctx,
      joinPath(options.base, key),
      `unknown field "${key}": ${options.what} has ${options.allowed.map((k) => `"${k}"`).join(', ')}; remove it`,
    );
  }
}
