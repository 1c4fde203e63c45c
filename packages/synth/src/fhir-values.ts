import type {
  CodeableConcept,
  Coding,
  ExtractResource,
  Quantity,
  Reference,
  ResourceType,
} from '@medplum/fhirtypes';
import type { Code } from './tables/codes.ts';
import { UCUM } from './tables/codes.ts';

// Small constructors for FHIR R4 datatypes, so resource builders read as the resource they make.

export function coding(system: string, code: Code): Coding {
  return { system, code: code.code, display: code.display };
}

export function concept(system: string, code: Code): CodeableConcept {
  return { coding: [coding(system, code)], text: code.display };
}

/** A literal relative reference `Type/id` (R4 §2.3.0.1), typed by its target. */
export function reference<K extends ResourceType>(
  resourceType: K,
  id: string,
): Reference<ExtractResource<K>> {
  return { reference: `${resourceType}/${id}` };
}

export function ucumQuantity(value: number, unit: string): Quantity {
  return { value, unit, system: UCUM, code: unit };
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedDate = '';

/** FHIR date (YYYY-MM-DD) of an instant in UTC. */
export function date(ms: number): string {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY).toISOString().slice(0, 10);
  }
  return cachedDate;
}

/**
 * FHIR instant/dateTime in UTC to the second (R4 §2.24.0.1: a time needs a timezone). Hand-formatted
 * because Date#toISOString was the generator's hottest call; a record's instants mostly share a day.
 */
export function dateTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const inDay = seconds - Math.floor(seconds / 86400) * 86400;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  return `${date(seconds * 1000)}T${PAD2[h]!}:${PAD2[m]!}:${PAD2[inDay % 60]!}Z`;
}

/** A wall-clock time in a fixed UTC offset, written with that offset (e.g. 2026-11-24T08:00:00-06:00). */
export function localDateTime(utcMs: number, offsetHours: number): string {
  const local = new Date(utcMs + offsetHours * HOUR);
  const sign = offsetHours < 0 ? '-' : '+';
  const hours = String(Math.abs(offsetHours)).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${hours}:00`;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const YEAR = 365.25 * DAY;
