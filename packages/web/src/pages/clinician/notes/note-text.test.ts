import type { DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { decodeBase64Text, draftNote, encodeBase64Text, noteBody, noteRows } from './note-text.ts';

function note(
  id: string,
  attachment: Record<string, string>,
  date = '2026-01-01T00:00:00Z',
): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    date,
    content: [{ attachment }],
    author: [{ reference: 'Practitioner/dr1' }],
  };
}

describe('base64 text', () => {
  it('round-trips UTF-8 text', () => {
    const text = 'Señora Núñez: dolor torácico — ECG normal. 血压 ok';
    expect(decodeBase64Text(encodeBase64Text(text))).toBe(text);
  });

  it('refuses what is not base64 or not UTF-8', () => {
    expect(decodeBase64Text('not base64!')).toBeUndefined();
    expect(decodeBase64Text('/w==')).toBeUndefined(); // 0xFF alone is not UTF-8
  });
});

describe('noteBody', () => {
  it('decodes text/plain with a charset parameter, markup stays plain text', () => {
    const data = encodeBase64Text('<script>alert(1)</script>');
    expect(noteBody(note('1', { contentType: 'text/plain; charset=utf-8', data }))).toEqual({
      kind: 'text',
      text: '<script>alert(1)</script>',
    });
  });

  it('does not decode other content types or links', () => {
    expect(noteBody(note('1', { contentType: 'text/html', data: encodeBase64Text('<b>x</b>') }))).toEqual({
      kind: 'not-text',
      contentType: 'text/html',
    });
    expect(noteBody(note('1', { contentType: 'application/pdf', url: 'Binary/1' })).kind).toBe('external');
    expect(noteBody(note('1', { contentType: 'text/plain', data: '%%%' })).kind).toBe('unreadable');
  });
});

describe('noteRows', () => {
  it('lists notes newest first with the included author, leaving out entered-in-error', () => {
    const data = encodeBase64Text('x');
    const rows = noteRows(
      [
        note('old', { contentType: 'text/plain', data }, '2025-01-01T00:00:00Z'),
        note('new', { contentType: 'text/plain', data }, '2026-01-01T00:00:00Z'),
        { ...note('bad', { contentType: 'text/plain', data }), status: 'entered-in-error' },
      ],
      [
        {
          resourceType: 'Practitioner',
          id: 'dr1',
          name: [{ prefix: ['Dr'], given: ['Ana'], family: 'Gil' }],
        },
      ],
    );
    expect(rows.map((r) => [r.id, r.author])).toEqual([
      ['new', 'Dr Ana Gil'],
      ['old', 'Dr Ana Gil'],
    ]);
  });
});

describe('draftNote', () => {
  const ctx = { patientId: 'p1', author: 'Practitioner/dr1', now: new Date('2026-03-14T10:00:00Z') };

  it('builds a current note by the practitioner with base64 text/plain', () => {
    const draft = draftNote({ type: '11488-4', text: 'Seen for chest pain.\r\nPlan: ECG.' }, ctx);
    if (!draft.ok) throw new Error('expected a note');
    const doc = draft.resource;
    expect(doc.status).toBe('current');
    expect(doc.subject).toEqual({ reference: 'Patient/p1' });
    expect(doc.author).toEqual([{ reference: 'Practitioner/dr1' }]);
    expect(doc.date).toBe('2026-03-14T10:00:00.000Z');
    expect(doc.type?.coding?.[0]?.code).toBe('11488-4');
    const attachment = doc.content[0]!.attachment;
    expect(attachment.contentType).toBe('text/plain; charset=utf-8');
    expect(decodeBase64Text(attachment.data!)).toBe('Seen for chest pain.\nPlan: ECG.');
  });

  it('refuses an empty note', () => {
    expect(draftNote({ type: '11506-3', text: '  \n ' }, ctx)).toEqual({
      ok: false,
      error: 'notes.errors.empty',
    });
  });
});
