// Signed tree heads (RFC 9162 §4.10 in spirit: size, root hash, timestamp, signature): a JWS (RFC 7515)
// over the canonical JSON {tree_size, root_hash, timestamp}, signed with the server's current signing
// key (auth/signing-keys.ts), so anyone holding the JWKS can check a head and then, with consistency
// proofs, that the log only ever grew.
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import type { Queryable } from '../db/engine.ts';
import type { SigningKey } from '../auth/signing-keys.ts';
import { canonicalJson } from './canonical.ts';
import { rootAt } from './nodes.ts';
import type { Hash } from './merkle.ts';
import { treeSize } from './seal.ts';

export interface TreeHead {
  tree_size: number;
  /** Base64 of the 32-byte root hash (RFC 9162 uses base64 on the wire). */
  root_hash: string;
  /** Milliseconds since the epoch, as RFC 9162 timestamps. */
  timestamp: number;
}

export interface SignedTreeHead extends TreeHead {
  /** Compact JWS whose payload is the canonical JSON of the head. */
  signature: string;
}

interface HeadRow {
  tree_size: string | number;
  root_hash: Uint8Array;
  issued: Date | string;
  jws: string;
}

function fromRow(r: HeadRow): SignedTreeHead {
  return {
    tree_size: Number(r.tree_size),
    root_hash: Buffer.from(r.root_hash).toString('base64'),
    timestamp: new Date(r.issued).getTime(),
    signature: r.jws,
  };
}

/** Signs and stores the head of the sealed tree as it is now. */
export async function publishTreeHead(q: Queryable, key: SigningKey, now: Date): Promise<SignedTreeHead> {
  const size = await treeSize(q);
  const root: Hash = await rootAt(q, size);
  const head: TreeHead = { tree_size: size, root_hash: root.toString('base64'), timestamp: now.getTime() };
  const signature = await new CompactSign(new TextEncoder().encode(canonicalJson(head)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'hearth-tree-head' })
    .sign(key.privateKey);
  await q.query(
    'INSERT INTO audit_tree_heads (tree_size, root_hash, issued, jws) VALUES ($1, decode($2, $3), $4, $5)',
    [size, root.toString('hex'), 'hex', now.toISOString(), signature],
  );
  return { ...head, signature };
}

export async function latestTreeHead(q: Queryable): Promise<SignedTreeHead | undefined> {
  const r = await q.query<HeadRow>(
    'SELECT tree_size, root_hash, issued, jws FROM audit_tree_heads ORDER BY issued DESC, tree_size DESC LIMIT 1',
  );
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

/** Every stored head of at most `maxSize` leaves, smallest first. */
export async function treeHeadsUpTo(q: Queryable, maxSize: number): Promise<SignedTreeHead[]> {
  const r = await q.query<HeadRow>(
    'SELECT tree_size, root_hash, issued, jws FROM audit_tree_heads WHERE tree_size <= $1 ORDER BY tree_size, issued',
    [maxSize],
  );
  return r.rows.map(fromRow);
}

/** The public keys a head may be signed with: every key ever created, retired ones too. */
export async function treeHeadKeys(q: Queryable): Promise<JWK[]> {
  // Read straight from signing_keys: a retired key no longer signs tokens, but the heads it signed
  // must stay checkable for as long as the log exists.
  const r = await q.query<{ public_jwk: string }>('SELECT public_jwk FROM signing_keys');
  return r.rows.map((row) => JSON.parse(row.public_jwk) as JWK);
}

/** True when the head's JWS is valid under one of `keys` and its payload is exactly the head. */
export async function verifyTreeHead(head: SignedTreeHead, keys: readonly JWK[]): Promise<boolean> {
  try {
    const { payload } = await compactVerify(head.signature, async (header) => {
      const jwk = keys.find((k) => k.kid === header.kid);
      if (!jwk) throw new Error('unknown key');
      return importJWK(jwk, header.alg);
    });
    const { signature: _omit, ...fields } = head;
    return new TextDecoder().decode(payload) === canonicalJson(fields);
  } catch {
    return false;
  }
}
