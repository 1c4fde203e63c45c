// Content negotiation (http.html#mime-type): we serve application/fhir+json only. `_format` overrides
// Accept; a request that can only take XML (or anything else) gets 406 with an OperationOutcome saying so.
import { notAcceptable } from '@hearth/fhir';

const JSON_FORMATS = new Set([
  'json',
  'application/json',
  'application/fhir+json',
  'application/json+fhir',
  'text/json',
]);

const JSON_RANGES = new Set(['*/*', 'application/*', ...JSON_FORMATS]);

/** Throws 406 unless the request accepts FHIR JSON (by `_format`, else by Accept). */
export function assertAcceptsJson(format: string | undefined, accept: string | undefined): void {
  if (format !== undefined) {
    const wanted = format.split(';')[0]!.trim().toLowerCase();
    if (!JSON_FORMATS.has(wanted)) throw refusal(format);
    return;
  }
  if (accept === undefined || accept.trim() === '') return;
  const ranges = accept.split(',').map((r) => {
    const [type, ...params] = r.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type!.trim().toLowerCase(), q: q === undefined ? 1 : Number(q.slice(2)) };
  });
  if (!ranges.some((r) => JSON_RANGES.has(r.type) && r.q > 0)) throw refusal(accept);
}

function refusal(asked: string): Error {
  return notAcceptable(
    `This server returns FHIR JSON only (application/fhir+json); "${asked}" cannot be served. ` +
      'Ask for _format=json or Accept: application/fhir+json.',
  );
}

/** `_pretty=true` asks for indented JSON (http.html#general). */
export function serialize(body: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}
