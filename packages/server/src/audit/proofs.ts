// Inclusion (RFC 9162 §2.1.3) and consistency (§2.1.4) proofs served from the stored nodes.
import { badRequest } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import { consistencyRanges, inclusionRanges } from './merkle.ts';
import { rangeHashes } from './nodes.ts';
import { treeSize } from './seal.ts';

export interface InclusionProof {
  leaf_index: number;
  tree_size: number;
  /** The leaf bytes (the canonical entry JSON with its index as id): SHA-256(0x00 ‖ entry) is the leaf hash. */
  entry: string;
  leaf_hash: string;
  /** Base64 node hashes, bottom-up, as PATH(m, D[n]). */
  audit_path: string[];
}

export interface ConsistencyProof {
  first: number;
  second: number;
  /** Base64 node hashes as PROOF(m, D[n]). */
  consistency: string[];
}

async function assertWithinTree(q: Queryable, size: number): Promise<void> {
  const sealed = await treeSize(q);
  if (size > sealed) throw badRequest(`The audit tree has ${sealed} entries; size ${size} is beyond it`);
}

export async function inclusionProof(q: Queryable, index: number, size: number): Promise<InclusionProof> {
  if (index >= size) throw badRequest(`index ${index} is not below size ${size}`);
  await assertWithinTree(q, size);
  const row = await q.query<{ entry: string }>('SELECT entry FROM audit_entries WHERE leaf_index = $1', [
    index,
  ]);
  const [leaf, ...path] = await rangeHashes(q, [[index, index + 1], ...inclusionRanges(index, size)]);
  return {
    leaf_index: index,
    tree_size: size,
    entry: row.rows[0]?.entry ?? '',
    leaf_hash: leaf!.toString('base64'),
    audit_path: path.map((h) => h.toString('base64')),
  };
}

export async function consistencyProof(
  q: Queryable,
  first: number,
  second: number,
): Promise<ConsistencyProof> {
  if (first > second) throw badRequest(`first (${first}) must not exceed second (${second})`);
  await assertWithinTree(q, second);
  const ranges = first === 0 ? [] : consistencyRanges(first, second);
  return { first, second, consistency: (await rangeHashes(q, ranges)).map((h) => h.toString('base64')) };
}
