import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLeaf, emptyFrontier, frontierRoot } from './frontier.ts';
import {
  consistencyRanges,
  EMPTY_ROOT,
  foldRange,
  inclusionRanges,
  leafHash,
  nodeHash,
  rangeSubtrees,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.ts';

/** RFC 9162 §2.1.1 MTH, written straight from the definition. */
function mth(leaves: readonly Buffer[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]!);
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** §2.1.3.1 PATH(m, D[n]), from the definition. */
function path(m: number, leaves: readonly Buffer[]): Hash[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** §2.1.4.1 SUBPROOF(m, D[n], b), from the definition. */
function subproof(m: number, leaves: readonly Buffer[], b: boolean): Hash[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [mth(leaves)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, leaves.slice(0, k), b), mth(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

/** A store of every node the incremental appender emits, as the database keeps them. */
function buildStore(leaves: readonly Buffer[]): { nodes: Map<string, Hash>; root: () => Hash } {
  const frontier = emptyFrontier();
  const nodes = new Map<string, Hash>();
  for (const leaf of leaves) {
    for (const n of appendLeaf(frontier, leafHash(leaf))) nodes.set(`${n.level}/${n.index}`, n.hash);
  }
  return { nodes, root: () => frontierRoot(frontier) };
}

function proofFromStore(nodes: Map<string, Hash>, ranges: [number, number][]): Hash[] {
  return ranges.map(([s, e]) =>
    foldRange(rangeSubtrees(s, e).map((t) => nodes.get(`${t.level}/${t.index}`)!)),
  );
}

const leavesArb = fc.array(
  fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a)),
  {
    minLength: 1,
    maxLength: 70,
  },
);

describe('RFC 9162 Merkle tree', () => {
  // The reference test vector of the Certificate Transparency implementations: eight leaves and the
  // root of each prefix (also used by RFC 6962 implementations' merkle tree tests).
  const vectorLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((h) => Buffer.from(h, 'hex'));
  const vectorRoots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('hashes the empty tree as SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('matches the published roots of the eight-leaf test vector at every size', () => {
    const frontier = emptyFrontier();
    vectorLeaves.forEach((leaf, i) => {
      appendLeaf(frontier, leafHash(leaf));
      expect(frontierRoot(frontier).toString('hex')).toBe(vectorRoots[i]);
      expect(mth(vectorLeaves.slice(0, i + 1)).toString('hex')).toBe(vectorRoots[i]);
    });
  });

  it('computes incrementally the same root as the definition, for any size', () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        expect(buildStore(leaves).root().equals(mth(leaves))).toBe(true);
      }),
    );
  });

  it('builds inclusion proofs from stored nodes equal to PATH, and every one verifies', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (leaves, pick) => {
        const n = leaves.length;
        const m = pick % n;
        const { nodes } = buildStore(leaves);
        const proof = proofFromStore(nodes, inclusionRanges(m, n));
        expect(proof.map((h) => h.toString('hex'))).toEqual(path(m, leaves).map((h) => h.toString('hex')));
        const root = mth(leaves);
        expect(verifyInclusion({ index: m, size: n, leaf: leafHash(leaves[m]!), path: proof, root })).toBe(
          true,
        );
      }),
    );
  });

  it('rejects an inclusion proof for an altered leaf or proof node', () => {
    fc.assert(
      fc.property(
        leavesArb,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        (leaves, pick, noise) => {
          const n = leaves.length;
          const m = pick % n;
          const root = mth(leaves);
          const proof = path(m, leaves);
          const altered = Buffer.concat([leaves[m]!, Buffer.from(noise)]);
          expect(verifyInclusion({ index: m, size: n, leaf: leafHash(altered), path: proof, root })).toBe(
            false,
          );
          if (n > 1) {
            const bad = proof.map((h, i) => (i === 0 ? nodeHash(h, h) : h));
            expect(verifyInclusion({ index: m, size: n, leaf: leafHash(leaves[m]!), path: bad, root })).toBe(
              false,
            );
          }
        },
      ),
    );
  });

  it('builds consistency proofs from stored nodes equal to PROOF, and every one verifies', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (leaves, pick) => {
        const n = leaves.length;
        const m = (pick % n) + 1;
        const { nodes } = buildStore(leaves);
        const proof = proofFromStore(nodes, consistencyRanges(m, n));
        expect(proof.map((h) => h.toString('hex'))).toEqual(
          subproof(m, leaves, true).map((h) => h.toString('hex')),
        );
        const firstRoot = mth(leaves.slice(0, m));
        expect(verifyConsistency({ first: m, second: n, firstRoot, secondRoot: mth(leaves), proof })).toBe(
          true,
        );
      }),
    );
  });

  it('rejects a consistency proof when an earlier leaf was rewritten', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, pickM, pickLeaf) => {
        const n = leaves.length;
        const m = (pickM % n) + 1;
        const firstRoot = mth(leaves.slice(0, m));
        const rewritten = leaves.map((l, i) =>
          i === pickLeaf % m ? Buffer.concat([l, Buffer.of(0xff)]) : l,
        );
        const proof = subproof(m, rewritten, true);
        const secondRoot = mth(rewritten);
        expect(verifyConsistency({ first: m, second: n, firstRoot, secondRoot, proof })).toBe(false);
      }),
    );
  });
});
