// How one version of a resource is stored: the JSON text served as is, with the server-owned
// `meta.versionId` and `meta.lastUpdated` (FHIR R4 resource.html#Meta) stamped in.
import type { Resource } from '@medplum/fhirtypes';

/** `request.method` of a history entry: the interaction that produced the version (http.html#history). */
export type VersionMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A resource's current row, locked (`FOR UPDATE`) for the write that will replace it. */
export interface CurrentRow {
  type: string;
  id: string;
  versionId: number;
  deleted: boolean;
  /** ISO instant. */
  lastUpdated: string;
  /** The stored JSON (for a deleted resource: its last content before the delete). */
  content: string;
}

export interface ResourceKey {
  type: string;
  id: string;
}

export function keyOf(type: string, id: string): string {
  return `${type}/${id}`;
}

/**
 * The resource as stored: id set, `meta.versionId`/`meta.lastUpdated` overwritten (the server owns them,
 * http.html#create), every other meta element (tags, profiles, security, source) kept. Keys come out in
 * one fixed order, so the same content always serialises to the same text.
 */
export function stamp<T extends Resource>(
  resource: T,
  id: string,
  versionId: string,
  lastUpdated: string,
): T {
  const { resourceType, id: _clientId, meta, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...otherMeta } = meta ?? {};
  return { resourceType, id, meta: { versionId, lastUpdated, ...otherMeta }, ...rest } as unknown as T;
}

/** PostgreSQL timestamptz text (`2026-01-02 03:04:05.678+00`, UTC) → FHIR instant (`…T03:04:05.678Z`). */
export function toInstant(timestamp: string): string {
  return new Date(timestamp.replace(' ', 'T').replace(/\+00$/, 'Z')).toISOString();
}

/** Weak ETag of a version (http.html#versioning: `ETag: W/"3"`). */
export function weakEtag(versionId: string | number): string {
  return `W/"${versionId}"`;
}
