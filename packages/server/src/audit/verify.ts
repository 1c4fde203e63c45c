// `hearth audit verify`: recomputes every leaf (RFC 9162 §2.1.1) and the tree from the stored entries,
// checks each signed tree head's signature and root, and names the first entry that was edited,
// deleted, inserted or reordered directly in the database.
//
// Per leaf: the entry's bytes must hash to the leaf hash the appender stored at its index, and carry
// that index as their AuditEvent id; rows must be contiguous. Per signed head: the recomputed root at
// its size must be the signed root — this catches even a rewrite of entries together with their stored
// hashes, which only the server's signing key could cover up.
import { appendLeaf, emptyFrontier, frontierRoot } from './frontier.ts';
import { leafHash } from './merkle.ts';
import type { AuditLogSource, AuditRow } from './verify-source.ts';
import { verifyTreeHead } from './tree-heads.ts';

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'rewritten' | 'forged-head';

export interface VerifyProblem {
  kind: TamperKind;
  /** The first leaf index affected. */
  index: number;
  message: string;
}

export interface VerifyResult {
  size: number;
  heads: number;
  pending: number;
  problem?: VerifyProblem;
}

const PAGE = 2000;

function idOf(entry: string): number | undefined {
  try {
    const id = (JSON.parse(entry) as { id?: unknown }).id;
    return typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined;
  } catch {
    return undefined;
  }
}

const hashHex = (entry: string) => leafHash(Buffer.from(entry, 'utf8')).toString('hex');

/** Why the row at position i is not the entry the appender sealed there. */
async function classify(
  src: AuditLogSource,
  i: number,
  row: AuditRow,
  next: AuditRow | undefined,
): Promise<VerifyProblem> {
  const id = idOf(row.entry);
  if (id === i) {
    // The original entry i pushed one place on, behind a new row: an insertion, not an edit.
    if (next && idOf(next.entry) === i && hashHex(next.entry) === row.stored) {
      return {
        kind: 'inserted',
        index: i,
        message: `an entry was inserted at ${i}, before the original entry ${i}`,
      };
    }
    return { kind: 'edited', index: i, message: `entry ${i} (AuditEvent/${i}) was edited` };
  }
  if (id !== undefined && id !== i && hashHex(row.entry) === (await src.leafAt(id))) {
    // A genuine entry in the wrong place: moved here, or everything after a removed entry shifted down.
    if ((await src.findEntry(i)) === null) {
      return { kind: 'deleted', index: i, message: `entry ${i} (AuditEvent/${i}) was deleted` };
    }
    return {
      kind: 'reordered',
      index: i,
      message: `entries were reordered: entry ${id} is at position ${i}`,
    };
  }
  return { kind: 'inserted', index: i, message: `an entry the log never sealed was inserted at ${i}` };
}

export interface VerifyOptions {
  onProgress?: (done: number, total: number) => void;
}

export async function verifyAuditLog(src: AuditLogSource, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const state = await src.state();
  const result = { size: state.size, heads: state.heads.length, pending: state.pending };
  const fail = (problem: VerifyProblem): VerifyResult => ({ ...result, problem });

  for (const head of state.heads) {
    if (!(await verifyTreeHead(head, state.keys))) {
      return fail({
        kind: 'forged-head',
        index: head.tree_size,
        message: `the tree head at size ${head.tree_size} has no valid signature`,
      });
    }
  }
  const latest = state.heads.reduce((m, h) => Math.max(m, h.tree_size), 0);
  if (latest > state.size) {
    return fail({
      kind: 'deleted',
      index: state.size,
      message: `entry ${state.size} (AuditEvent/${state.size}) was deleted: a signed head covers ${latest} entries, the log has ${state.size}`,
    });
  }
  const bySize = new Map<number, string[]>();
  for (const h of state.heads) bySize.set(h.tree_size, [...(bySize.get(h.tree_size) ?? []), h.root_hash]);

  const frontier = emptyFrontier();
  let lastGood = 0;
  const checkHeads = (): VerifyProblem | undefined => {
    for (const root of bySize.get(frontier.size) ?? []) {
      if (frontierRoot(frontier).toString('base64') !== root) {
        return {
          kind: 'rewritten',
          index: lastGood,
          message: `entries ${lastGood}..${frontier.size - 1} were rewritten together with their stored hashes: the root at size ${frontier.size} differs from the signed tree head`,
        };
      }
    }
    if (bySize.has(frontier.size)) lastGood = frontier.size;
    return undefined;
  };
  const zero = checkHeads();
  if (zero) return fail(zero);

  for (let from = 0; from < state.size; from += PAGE) {
    const to = Math.min(from + PAGE, state.size);
    const rows = await src.page(from, to);
    for (let k = 0, i = from; i < to; i++) {
      const row = rows[k];
      if (!row || row.leaf_index !== i) {
        return fail({ kind: 'deleted', index: i, message: `entry ${i} (AuditEvent/${i}) was deleted` });
      }
      if (idOf(row.entry) !== i || hashHex(row.entry) !== row.stored)
        return fail(await classify(src, i, row, rows[k + 1]));
      appendLeaf(frontier, leafHash(Buffer.from(row.entry, 'utf8')));
      const bad = checkHeads();
      if (bad) return fail(bad);
      k++;
    }
    opts.onProgress?.(to, state.size);
  }
  const outside = state.beyond[0];
  if (outside !== undefined) {
    return fail({
      kind: 'inserted',
      index: outside,
      message: `an entry was inserted at ${outside}, past the sealed log of ${state.size} entries`,
    });
  }
  return result;
}
