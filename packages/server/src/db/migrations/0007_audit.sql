-- The audit log (issue #3 point 6, DESIGN.md §7): an append-only Merkle log per RFC 9162 §2.1.
-- Writers only INSERT into audit_entries (inside the transaction of the change they record, or in
-- batches from the read-audit queue), so auditing takes no global lock. One appender at a time (an
-- advisory transaction lock) then seals committed rows in seq order: it gives each the next
-- leaf_index, rewrites `entry` to the leaf bytes (the canonical AuditEvent JSON whose id is that index),
-- and stores the tree nodes the leaf completes.
CREATE TABLE audit_entries (
  seq bigserial PRIMARY KEY,
  recorded timestamptz NOT NULL,
  entry text NOT NULL,
  leaf_index bigint UNIQUE
);
CREATE INDEX audit_entries_pending ON audit_entries (seq) WHERE leaf_index IS NULL;

-- Complete subtrees {level, idx} over leaves [idx·2^level, (idx+1)·2^level): level 0 = leaf hashes.
-- Proofs read O(log n) of them; the appender's frontier is rebuilt from them.
CREATE TABLE audit_nodes (
  level integer NOT NULL,
  idx bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

-- The sealed size: one row, moved forward by the appender in the same transaction as its nodes.
CREATE TABLE audit_tree (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  size bigint NOT NULL
);
INSERT INTO audit_tree (singleton, size) VALUES (true, 0);

-- Signed tree heads (RFC 9162 §4.10 in spirit): size, root and time, signed as a JWS by the server key.
CREATE TABLE audit_tree_heads (
  tree_size bigint NOT NULL,
  root_hash bytea NOT NULL,
  issued timestamptz NOT NULL,
  jws text NOT NULL,
  PRIMARY KEY (tree_size, issued)
);
