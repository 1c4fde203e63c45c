import { describe, expect, it } from 'vitest';
import { currentSigningKey, publicJwks } from '../auth/signing-keys.ts';
import { createRepository } from '../db/repository.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { startAuditLog } from './audit-log.ts';
import { renderAuditEvent } from './audit-render.ts';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { verifyTreeHead } from './tree-heads.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

describe.each(testEngines())('audit log on %s', (_name, open) => {
  it('records each write in its transaction, seals it, and proves inclusion and consistency', async () => {
    const engine = await open();
    const log = startAuditLog({ engine, signer: () => currentSigningKey(engine), flushMs: 60_000 });
    try {
      const repo = createRepository({ db: engine, bus: createInProcessBus() });
      const patient = await repo.create(SYSTEM_CONTEXT, {
        resourceType: 'Patient',
        name: [{ family: 'Audit' }],
      });
      const pid = (patient.resource as { id?: string }).id!;
      const first = await log.publishHead();
      await repo.create(SYSTEM_CONTEXT, {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'pulse' },
        subject: { reference: `Patient/${pid}` },
      });
      await expect(
        repo.create(SYSTEM_CONTEXT, { resourceType: 'Observation', status: 'bogus', code: {} } as never),
      ).rejects.toThrow();
      const second = await log.publishHead();
      expect([first.tree_size, second.tree_size]).toEqual([1, 2]);

      const keys = (await publicJwks(engine)).keys;
      expect(await verifyTreeHead(second, keys)).toBe(true);
      expect(await verifyTreeHead({ ...second, tree_size: 3 }, keys)).toBe(false);

      const proof = await inclusionProof(engine, 1, 2);
      // The leaf is the compact entry with its index as id; its AuditEvent is rendered from it.
      const leafEntry = JSON.parse(proof.entry) as { id: string; format: string; patients: string[] };
      expect(leafEntry).toMatchObject({ id: '1', format: 'hearth.audit.v2', patients: [pid] });
      const event = renderAuditEvent(proof.entry);
      expect(event.id).toBe('1');
      expect(event.action).toBe('C');
      expect(event.entity?.map((e) => e.what?.reference)).toContain(`Patient/${pid}`);
      const leaf = leafHash(Buffer.from(proof.entry));
      const root = b64(second.root_hash);
      expect(verifyInclusion({ index: 1, size: 2, leaf, path: proof.audit_path.map(b64), root })).toBe(true);

      const c = await consistencyProof(engine, 1, 2);
      expect(
        verifyConsistency({
          first: 1,
          second: 2,
          firstRoot: b64(first.root_hash),
          secondRoot: root,
          proof: c.consistency.map(b64),
        }),
      ).toBe(true);

      const projected = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [['patient', `Patient/${pid}`]], {
        baseUrl: 'http://x/fhir',
      });
      expect(projected.entry?.map((e) => e.resource?.id).sort()).toEqual(['0', '1']);
    } finally {
      await log.close();
      await engine.close();
    }
  });

  it('refuses a write of an AuditEvent through the repository', async () => {
    const engine = await open();
    try {
      const repo = createRepository({ db: engine, bus: createInProcessBus() });
      await expect(
        repo.update(SYSTEM_CONTEXT, {
          resourceType: 'AuditEvent',
          id: '0',
          type: { code: 'rest' },
          recorded: '2024-01-01T00:00:00Z',
          agent: [{ requestor: true }],
          source: { observer: { display: 'x' } },
        }),
      ).rejects.toThrow(/recorded by the server audit log/);
      const r = await engine.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_entries');
      expect(r.rows[0]!.n).toBe('0');
    } finally {
      await engine.close();
    }
  });
});
