// read and vread (http.html#read, #vread) with conditional read: If-None-Match and If-Modified-Since
// answer 304 Not Modified when the client's copy is current. A plain read serves the stored JSON text
// as is (no parse/serialise); `_summary`/`_elements` (search.html#summary, #elements) shape a parsed copy.
import { badRequest, shapeResource, type ShapeOptions, type SummaryMode } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { SearchQuery } from '../db/repository.types.ts';
import { etag, httpDate, versionFromETag, versionHeaders } from './respond.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';
import { queryValue } from './url.ts';

const READ_SUMMARIES: readonly SummaryMode[] = ['true', 'false', 'text', 'data'];

export async function readInteraction(
  fc: FhirContext,
  req: FhirRequest,
  target: { type: string; id: string },
): Promise<FhirResponse> {
  const shape = shapeOptions(req.query);
  const raw = await fc.repo.readRaw(fc.ctx, target.type, target.id);
  const headers = { etag: etag(raw.versionId), 'last-modified': httpDate(raw.lastUpdated) };
  if (notModified(req, raw)) return { status: 304, headers };
  if (shape === undefined) return { status: 200, headers, rawBody: raw.content };
  return { status: 200, headers, body: shapeResource(JSON.parse(raw.content) as Resource, shape) };
}

export async function vreadInteraction(
  fc: FhirContext,
  req: FhirRequest,
  target: { type: string; id: string; versionId: string },
): Promise<FhirResponse> {
  const shape = shapeOptions(req.query);
  const resource = await fc.repo.vread(fc.ctx, target.type, target.id, target.versionId);
  return {
    status: 200,
    headers: versionHeaders(resource),
    body: shape ? shapeResource(resource, shape) : resource,
  };
}

function shapeOptions(query: SearchQuery): ShapeOptions | undefined {
  const summary = queryValue(query, '_summary');
  const elements = queryValue(query, '_elements');
  if (summary === undefined && elements === undefined) return undefined;
  if (summary !== undefined && !READ_SUMMARIES.includes(summary as SummaryMode)) {
    throw badRequest(
      `_summary on a read must be one of ${READ_SUMMARIES.join(', ')}, not "${summary}".`,
      '_summary',
    );
  }
  return {
    ...(summary !== undefined ? { summary: summary as SummaryMode } : {}),
    ...(elements !== undefined
      ? {
          elements: elements
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean),
        }
      : {}),
  };
}

function notModified(req: FhirRequest, current: { versionId: string; lastUpdated: string }): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .some((tag) => tag.trim() === '*' || versionFromETag(tag) === current.versionId);
  }
  const since = req.headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  // HTTP dates have whole seconds: compare at that precision (RFC 9110 §13.1.3).
  return !Number.isNaN(sinceMs) && Math.floor(Date.parse(current.lastUpdated) / 1000) * 1000 <= sinceMs;
}
