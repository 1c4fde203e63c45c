// JSON Patch (RFC 6902) of a stored resource, FHIR R4 http.html#patch. The patch is applied to a copy;
// the result then goes through the ordinary update path (full validation, If-Match, a new version).
import { badRequest, unprocessable } from '@hearth/fhir';
import type { Resource } from '@medplum/fhirtypes';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';

const { applyPatch, deepClone, JsonPatchError } = fastJsonPatch;

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
/** Elements that identify the resource: a patch may not change them (the URL names the resource). */
const IDENTITY_PATH = /^\/(id|resourceType)(\/|$)/;

/** Checks the shape of a patch document before it is applied; malformed → 400. */
function parseOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) throw badRequest('A JSON Patch document must be an array of operations');
  ops.forEach((op: unknown, i) => {
    if (typeof op !== 'object' || op === null) throw badRequest(`Patch operation ${i} is not an object`);
    const { op: name, path, from } = op as Record<string, unknown>;
    if (typeof name !== 'string' || !OPS.has(name)) throw badRequest(`Patch operation ${i}: unknown op`);
    if (typeof path !== 'string') throw badRequest(`Patch operation ${i}: path must be a string`);
    const moved = name === 'move' && typeof from === 'string' && IDENTITY_PATH.test(from);
    if ((name !== 'test' && IDENTITY_PATH.test(path)) || moved) {
      throw badRequest(`Patch operation ${i} may not change the resource's id or resourceType`);
    }
  });
  return ops as Operation[];
}

/**
 * Applies a JSON Patch to a copy of `resource`. A malformed patch or one that cannot apply (missing path,
 * bad value) → 400; a failing `test` operation → 422 (the request was well formed but its precondition
 * on the content does not hold). The original is never touched.
 */
export function applyResourcePatch(resource: Resource, ops: unknown): Resource {
  const operations = parseOperations(ops);
  try {
    return applyPatch(deepClone(resource) as Resource, operations, true, true).newDocument;
  } catch (err) {
    if (!(err instanceof JsonPatchError)) throw err;
    const at = `Patch operation ${err.index ?? 0}`;
    if (err.name === 'TEST_OPERATION_FAILED') throw unprocessable(`${at}: test failed`);
    throw badRequest(`${at}: ${err.message.split('\n')[0]}`);
  }
}
