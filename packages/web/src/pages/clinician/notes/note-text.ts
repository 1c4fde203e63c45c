// Clinical notes as DocumentReference with a base64 text/plain attachment (R4 Attachment.data is
// base64Binary). Decoding is strict and only for text/plain: the text is shown as text, never as HTML.
import type { DocumentReference, Practitioner } from '@medplum/fhirtypes';

const LOINC = 'http://loinc.org';
const CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';

/** Largest note the chart decodes inline (characters of base64); larger ones are summarised only. */
export const MAX_INLINE_BASE64 = 2_000_000;
/** Longest note the form accepts, in characters. */
export const MAX_NOTE_LENGTH = 50_000;

/** LOINC document types offered for new notes (LOINC Document Ontology, "Clinical note" kinds). */
export const NOTE_TYPES = [
  { code: '11506-3', display: 'Progress note' },
  { code: '34117-2', display: 'History and physical note' },
  { code: '11488-4', display: 'Consult note' },
  { code: '18842-5', display: 'Discharge summary' },
] as const;

export type NoteTypeCode = (typeof NOTE_TYPES)[number]['code'];

/** Base64 (RFC 4648 §4, padding optional, whitespace ignored) → UTF-8 text; undefined if not valid. */
export function decodeBase64Text(data: string): string | undefined {
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    const binary = atob(compact);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeBase64Text(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function isPlainText(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'text/plain';
}

export type NoteBody =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  | { kind: 'not-text'; contentType: string | undefined }
  | { kind: 'unreadable' }
  | { kind: 'external' };

/** The first text/plain attachment of the note, decoded; otherwise why it cannot be shown. */
export function noteBody(doc: DocumentReference): NoteBody {
  const attachments = (doc.content ?? []).map((c) => c.attachment);
  const text = attachments.find((a) => isPlainText(a.contentType) && a.data !== undefined);
  if (text?.data !== undefined) {
    if (text.data.length > MAX_INLINE_BASE64) return { kind: 'too-large' };
    const decoded = decodeBase64Text(text.data);
    return decoded === undefined ? { kind: 'unreadable' } : { kind: 'text', text: decoded };
  }
  const first = attachments[0];
  if (first?.url && first.data === undefined) return { kind: 'external' };
  return { kind: 'not-text', contentType: first?.contentType };
}

/** "Dr Given Family" parts of a practitioner, official name first. */
export function practitionerName(practitioner: Practitioner | undefined): string | undefined {
  const names = practitioner?.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return undefined;
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].filter((p) => p.trim());
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export interface NoteRow {
  id: string;
  date: string | undefined;
  type: string | undefined;
  author: string | undefined;
  status: DocumentReference['status'];
  body: NoteBody;
}

/** Notes newest first; authors resolved from the Practitioners the search included. */
export function noteRows(
  docs: readonly DocumentReference[],
  practitioners: readonly Practitioner[],
): NoteRow[] {
  const byRef = new Map(practitioners.map((p) => [`Practitioner/${p.id ?? ''}`, p]));
  return docs
    .filter((d) => d.status !== 'entered-in-error')
    .map((doc) => {
      const ref = doc.author?.find((a) => a.reference?.startsWith('Practitioner/'));
      const author = practitionerName(ref?.reference ? byRef.get(ref.reference) : undefined) ?? ref?.display;
      return {
        id: doc.id ?? '',
        date: doc.date,
        type: doc.type?.text ?? doc.type?.coding?.find((c) => c.display)?.display,
        author,
        status: doc.status,
        body: noteBody(doc),
      };
    })
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

export type NoteError = 'notes.errors.empty' | 'notes.errors.tooLong';

export interface NoteContext {
  patientId: string;
  author: string;
  now: Date;
}

/** A new current note by the signed-in practitioner, or what is wrong with the text. */
export function draftNote(
  input: { type: NoteTypeCode; text: string },
  ctx: NoteContext,
): { ok: true; resource: DocumentReference } | { ok: false; error: NoteError } {
  const text = input.text.replace(/\r\n/g, '\n');
  if (!text.trim()) return { ok: false, error: 'notes.errors.empty' };
  if (text.length > MAX_NOTE_LENGTH) return { ok: false, error: 'notes.errors.tooLong' };
  const type = NOTE_TYPES.find((t) => t.code === input.type) ?? NOTE_TYPES[0];
  return {
    ok: true,
    resource: {
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: LOINC, code: type.code, display: type.display }], text: type.display },
      category: [{ coding: [{ system: CATEGORY, code: 'clinical-note', display: 'Clinical Note' }] }],
      subject: { reference: `Patient/${ctx.patientId}` },
      date: ctx.now.toISOString(),
      author: [{ reference: ctx.author }],
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: encodeBase64Text(text) } }],
    },
  };
}
