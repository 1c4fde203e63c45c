// $validate (resource-operation-validate.html): POST [type]/$validate and [type]/[id]/$validate. The body
// is the resource itself or a Parameters with `resource` (and optional `mode`). The operation succeeds
// (200) whenever validation ran; its result, valid or not, is the OperationOutcome it returns.
import { allOk, badRequest } from '@hearth/fhir';
import type { Parameters } from '@medplum/fhirtypes';
import { requireResourceBody } from './guards.ts';
import { ok } from './respond.ts';
import type { FhirContext, FhirRequest, FhirResponse } from './types.ts';
import { queryValue } from './url.ts';

type ValidateMode = 'create' | 'update' | 'delete';

export async function validateOperation(
  fc: FhirContext,
  req: FhirRequest,
  target: { type: string; id?: string },
): Promise<FhirResponse> {
  const { resource, mode } = validateInput(req);
  if (mode === 'delete') {
    if (target.id === undefined)
      throw badRequest('$validate with mode=delete needs a resource id in the URL.');
    // Nothing refuses a delete but its absence (we keep no referential integrity on delete).
    await fc.repo.read(fc.ctx, target.type, target.id);
    return ok(allOk(`${target.type}/${target.id} may be deleted.`));
  }
  const body = requireResourceBody(resource, target.type);
  if (target.id !== undefined && body.id !== target.id) {
    throw badRequest(`The resource's id does not match the URL's id "${target.id}".`, 'id');
  }
  return ok(fc.repo.validate(body, mode ?? (target.id === undefined ? 'create' : 'update')));
}

function validateInput(req: FhirRequest): { resource: unknown; mode: ValidateMode | undefined } {
  const body = req.body as { resourceType?: unknown } | undefined;
  let mode = queryValue(req.query, 'mode');
  let resource: unknown = body;
  if (body?.resourceType === 'Parameters') {
    const params = (body as Parameters).parameter ?? [];
    resource = params.find((p) => p.name === 'resource')?.resource;
    mode = params.find((p) => p.name === 'mode')?.valueCode ?? mode;
  }
  if (mode !== undefined && mode !== 'create' && mode !== 'update' && mode !== 'delete') {
    throw badRequest(`$validate mode must be create, update or delete, not "${mode}".`, 'mode');
  }
  return { resource, mode };
}
