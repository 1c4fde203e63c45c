// Reading and writing stored tree nodes (audit_nodes). bytea is read back as Buffer (pg) or Uint8Array
// (PGlite); hashes cross the driver as hex text so both engines take the same statements.
import type { Queryable } from '../db/engine.ts';
import { emptyFrontier, frontierSubtrees, type Frontier, type StoredNode } from './frontier.ts';
import { foldRange, rangeSubtrees, type Hash, type ProofRanges } from './merkle.ts';

interface NodeRow {
  level: number;
  idx: string | number;
  hash: Uint8Array;
}

const key = (level: number, index: number) => `${level}/${index}`;

/** Fetches the given subtrees in one statement; throws if one is missing (the tree is damaged). */
export async function loadNodes(
  q: Queryable,
  wanted: readonly { level: number; index: number }[],
): Promise<Map<string, Hash>> {
  const found = new Map<string, Hash>();
  if (wanted.length === 0) return found;
  const r = await q.query<NodeRow>(
    `SELECT n.level, n.idx, n.hash FROM audit_nodes n
       JOIN unnest($1::int[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`,
    [wanted.map((w) => w.level), wanted.map((w) => w.index)],
  );
  for (const row of r.rows) found.set(key(row.level, Number(row.idx)), Buffer.from(row.hash));
  for (const w of wanted) {
    if (!found.has(key(w.level, w.index)))
      throw new Error(`The audit tree is missing node ${w.level}/${w.index}`);
  }
  return found;
}

export async function storeNodes(q: Queryable, nodes: readonly StoredNode[]): Promise<void> {
  if (nodes.length === 0) return;
  await q.query(
    `INSERT INTO audit_nodes (level, idx, hash)
       SELECT l, i, decode(h, 'hex') FROM unnest($1::int[], $2::bigint[], $3::text[]) AS n(l, i, h)`,
    [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash.toString('hex'))],
  );
}

/** The appender's frontier at `size`, from the stored right-edge nodes. */
export async function loadFrontier(q: Queryable, size: number): Promise<Frontier> {
  const frontier = emptyFrontier();
  const subtrees = frontierSubtrees(size);
  const nodes = await loadNodes(q, subtrees);
  for (const t of subtrees) frontier.edges.set(t.level, nodes.get(key(t.level, t.index))!);
  frontier.size = size;
  return frontier;
}

/** The hashes of the given proof ranges (MTH of each), in order. */
export async function rangeHashes(q: Queryable, ranges: ProofRanges): Promise<Hash[]> {
  const per = ranges.map(([s, e]) => rangeSubtrees(s, e));
  const nodes = await loadNodes(q, per.flat());
  return per.map((subtrees) => foldRange(subtrees.map((t) => nodes.get(key(t.level, t.index))!)));
}

/** MTH(D[size]) from stored nodes. */
export async function rootAt(q: Queryable, size: number): Promise<Hash> {
  const [root] = await rangeHashes(q, size === 0 ? [] : [[0, size]]);
  return root ?? foldRange([]);
}
