// Merkle tree hashing, inclusion and consistency proofs exactly as RFC 9162 (Certificate Transparency
// 2.0) §2.1 defines them. Pure: hashes in, hashes out. Hand-written because no maintained npm package
// implements RFC 9162's proofs over externally stored nodes; each function cites the section it follows.
//
// Storage model: a "subtree" {level, index} is the complete subtree over leaves
// [index·2^level, (index+1)·2^level). Every range the RFC's recursion hashes splits into complete
// subtrees (largest first), so a proof needs only O(log n) stored nodes, never the whole tree.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

/** §2.1.1: MTH({}) = SHA-256() — the hash of the empty string. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** §2.1.1: leaf hash = SHA-256(0x00 ‖ d). */
export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest();
}

/** §2.1.1: interior node = SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

export interface Subtree {
  level: number;
  index: number;
}

/** §2.1.1: k, the largest power of two strictly smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees covering leaves [start, end), largest first, for ranges the RFC recursion
 * produces (start aligned to a power of two at least the range's largest power of two).
 */
export function rangeSubtrees(start: number, end: number): Subtree[] {
  const out: Subtree[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    out.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** MTH of a range from its complete subtrees' hashes (largest first): a right fold per §2.1.1. */
export function foldRange(subtreeHashes: readonly Hash[]): Hash {
  if (subtreeHashes.length === 0) return EMPTY_ROOT;
  let acc = subtreeHashes[subtreeHashes.length - 1]!;
  for (let i = subtreeHashes.length - 2; i >= 0; i--) acc = nodeHash(subtreeHashes[i]!, acc);
  return acc;
}

/** A proof as the leaf ranges whose MTHs form it, in proof order. */
export type ProofRanges = [start: number, end: number][];

/** §2.1.3.1: PATH(m, D[n]) as ranges. */
export function inclusionRanges(m: number, n: number, offset = 0): ProofRanges {
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...inclusionRanges(m, k, offset), [offset + k, offset + n]];
  return [...inclusionRanges(m - k, n - k, offset + k), [offset, offset + k]];
}

/** §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true), as ranges (0 < m ≤ n). */
export function consistencyRanges(m: number, n: number): ProofRanges {
  return subproof(m, n, true, 0);
}

function subproof(m: number, n: number, complete: boolean, offset: number): ProofRanges {
  if (m === n) return complete ? [] : [[offset, offset + n]];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, k, complete, offset), [offset + k, offset + n]];
  return [...subproof(m - k, n - k, false, offset + k), [offset, offset + k]];
}

function isOdd(x: bigint): boolean {
  return (x & 1n) === 1n;
}

/** §2.1.3.2: verifies that `leaf` is at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(opts: {
  index: number;
  size: number;
  leaf: Hash;
  path: readonly Hash[];
  root: Hash;
}): boolean {
  if (opts.index >= opts.size || opts.index < 0) return false;
  let fn = BigInt(opts.index);
  let sn = BigInt(opts.size - 1);
  let r = opts.leaf;
  for (const p of opts.path) {
    if (sn === 0n) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(opts.root);
}

/** §2.1.4.2: verifies that the tree (first, firstRoot) is a prefix of (second, secondRoot). */
export function verifyConsistency(opts: {
  first: number;
  second: number;
  firstRoot: Hash;
  secondRoot: Hash;
  proof: readonly Hash[];
}): boolean {
  const { first, second, firstRoot, secondRoot } = opts;
  if (first < 0 || first > second) return false;
  // Sizes the RFC's algorithm leaves out: equal trees (empty proof) and the empty tree (a prefix of all).
  if (first === second) return opts.proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return opts.proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (opts.proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...opts.proof] : [...opts.proof];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0n;
}
