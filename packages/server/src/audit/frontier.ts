// The right edge of an append-only Merkle tree (RFC 9162 §2.1.1): for each set bit `level` of the
// size, the hash of the complete subtree of 2^level leaves ending there. Appending a leaf merges equal
// subtrees like a binary carry, so the appender stores O(1) amortised nodes per leaf and never
// recomputes the tree from scratch.
import { foldRange, nodeHash, type Hash } from './merkle.ts';

export interface StoredNode {
  level: number;
  index: number;
  hash: Hash;
}

export interface Frontier {
  size: number;
  /** level → hash of the complete subtree on the right edge at that level (levels = set bits of size). */
  edges: Map<number, Hash>;
}

export function emptyFrontier(): Frontier {
  return { size: 0, edges: new Map() };
}

/** The levels and subtree indexes a frontier of `size` leaves consists of, largest first. */
export function frontierSubtrees(size: number): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
    if (Math.floor(size / 2 ** level) % 2 === 1)
      out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
  }
  return out;
}

/** Appends one leaf hash; returns every node it completes (the leaf itself included), to be stored. */
export function appendLeaf(frontier: Frontier, leaf: Hash): StoredNode[] {
  const nodes: StoredNode[] = [{ level: 0, index: frontier.size, hash: leaf }];
  let hash = leaf;
  let level = 0;
  let index = frontier.size;
  while (index % 2 === 1) {
    const left = frontier.edges.get(level);
    if (!left) throw new Error(`Merkle frontier is missing level ${level} at size ${frontier.size}`);
    frontier.edges.delete(level);
    hash = nodeHash(left, hash);
    level++;
    index = (index - 1) / 2;
    nodes.push({ level, index, hash });
  }
  frontier.edges.set(level, hash);
  frontier.size++;
  return nodes;
}

/** MTH(D[size]) from the frontier alone (§2.1.1). */
export function frontierRoot(frontier: Frontier): Hash {
  const levels = [...frontier.edges.keys()].sort((a, b) => b - a);
  return foldRange(levels.map((l) => frontier.edges.get(l)!));
}
