// Reading codes out of CodeableConcepts, for invariants that compare them.
import { isJsonObject } from './context.ts';

/** The codings of a CodeableConcept, ignoring anything malformed (reported elsewhere). */
export function codings(concept: unknown): { system?: unknown; code?: unknown }[] {
  if (!isJsonObject(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.filter(isJsonObject);
}

export function hasCoding(concept: unknown, system: string, codes: readonly string[]): boolean {
  return codings(concept).some((c) => c.system === system && codes.includes(c.code as string));
}
