import { DAY, HOUR, MINUTE } from './fhir-values.ts';
import { SLOT_MINUTES } from './tables/scheduling.ts';

// Clinic days and slot times in a region's fixed UTC offset. Days are returned as the UTC instant
// of local midnight, so "08:00 local" is day + 8 h whatever the offset.

/** Local midnights of the weekdays from tomorrow through `weeks` weeks ahead. */
export function clinicDays(nowMs: number, weeks: number, offsetHours: number): number[] {
  const offset = offsetHours * HOUR;
  const today = Math.floor((nowMs + offset) / DAY) * DAY - offset;
  const days: number[] = [];
  for (let d = 1; d <= weeks * 7; d++) {
    const day = today + d * DAY;
    const weekday = new Date(day + offset).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

/** Slot start instants across the given days between two local hours. */
export function* slotStarts(days: readonly number[], hours: readonly [number, number]): Generator<number> {
  for (const day of days) {
    for (let t = hours[0] * HOUR; t < hours[1] * HOUR; t += SLOT_MINUTES * MINUTE) yield day + t;
  }
}
