// Input checks every interaction shares, so bad input is a 4xx naming what is wrong (never a 500).
import { badRequest, isResourceType, notFound } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';

/** datatypes.html#id: 1–64 characters of A–Z, a–z, 0–9, '-' and '.'. */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function requireResourceType(type: string): string {
  if (!isResourceType(type)) throw notFound(`Unknown resource type "${type}".`);
  return type;
}

export function requireId(id: string): string {
  if (!ID_PATTERN.test(id)) throw badRequest(`"${id}" is not a valid resource id (1–64 of A-Z a-z 0-9 - .).`);
  return id;
}

/** The body of a create/update must be a JSON object of the type named in the URL. */
export function requireResourceBody(body: unknown, type: string): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body must be a ${type} resource (a JSON object).`);
  }
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  // An unknown type is named by itself, as the validator names it (fhir-invalid/manifest.json).
  if (typeof resourceType === 'string' && resourceType !== '' && !isResourceType(resourceType))
    throw badRequest(`Unknown resource type "${resourceType}" in the body.`, resourceType);
  if (resourceType !== type) {
    throw badRequest(
      `The body's resourceType ${JSON.stringify(resourceType ?? null)} does not match the URL's type "${type}".`,
      'resourceType',
    );
  }
  return body as Resource;
}

export function requireNonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value))
    throw badRequest(`${name} must be a non-negative integer, not "${value}".`, name);
  return Number(value);
}

/** An instant for _since/_at (http.html#history): a full date-time with time zone, or a date. */
export function requireInstant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const valid =
    /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value));
  if (!valid) throw badRequest(`${name} must be a FHIR instant, not "${value}".`, name);
  return value;
}
