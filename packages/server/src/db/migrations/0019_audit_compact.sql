-- Compact audit entries (issue #3 point 6: auditing must cost a read little). An entry is no longer
-- projected into `resources` as an AuditEvent with its search-index rows (one indexed write per read);
-- the log row itself carries the few columns AuditEvent search needs, its patients go to
-- idx_compartment (so access rules and `AuditEvent?patient=` work as for any compartment type), and
-- the AuditEvent is rendered from the row when it is read or searched (audit/audit-render.ts).
-- The leaf bytes stay what they were: rows sealed before this migration keep their canonical
-- AuditEvent JSON and verify unchanged; new rows hold a compact canonical entry
-- ({"format":"hearth.audit.v2",…}), hashed the same way (RFC 9162 §2.1.1).
ALTER TABLE audit_entries
  ADD COLUMN outcome text,
  ADD COLUMN subtype text,
  ADD COLUMN action text,
  ADD COLUMN agent text,
  ADD COLUMN altid text,
  ADD COLUMN address text,
  ADD COLUMN entities text[];

-- Existing entries (AuditEvent JSON): the same columns, read from their JSON.
UPDATE audit_entries a SET
  outcome = s.e ->> 'outcome',
  subtype = s.e -> 'subtype' -> 0 ->> 'code',
  action = s.e ->> 'action',
  agent = (SELECT x -> 'who' ->> 'reference' FROM jsonb_array_elements(s.e -> 'agent') x
            WHERE x -> 'who' ->> 'reference' IS NOT NULL LIMIT 1),
  altid = (SELECT x ->> 'altId' FROM jsonb_array_elements(s.e -> 'agent') x
            WHERE x ->> 'altId' IS NOT NULL LIMIT 1),
  address = (SELECT x -> 'network' ->> 'address' FROM jsonb_array_elements(s.e -> 'agent') x
              WHERE x -> 'network' ->> 'address' IS NOT NULL LIMIT 1),
  entities = (SELECT array_agg(regexp_replace(x -> 'what' ->> 'reference', '/_history/.*$', ''))
                FROM jsonb_array_elements(coalesce(s.e -> 'entity', '[]'::jsonb)) x
               WHERE x -> 'what' ->> 'reference' IS NOT NULL)
  FROM (SELECT seq, entry::jsonb AS e FROM audit_entries) s
 WHERE a.seq = s.seq;

-- The old projection goes; its idx_compartment rows (AuditEvent id = leaf index → patient) stay.
DELETE FROM idx_token WHERE resource_type = 'AuditEvent';
DELETE FROM idx_string WHERE resource_type = 'AuditEvent';
DELETE FROM idx_date WHERE resource_type = 'AuditEvent';
DELETE FROM idx_number WHERE resource_type = 'AuditEvent';
DELETE FROM idx_quantity WHERE resource_type = 'AuditEvent';
DELETE FROM idx_reference WHERE resource_type = 'AuditEvent';
DELETE FROM idx_uri WHERE resource_type = 'AuditEvent';
DELETE FROM resource_history WHERE resource_type = 'AuditEvent';
DELETE FROM resources WHERE resource_type = 'AuditEvent';

-- Search: by date (the portal's newest first), by agent, and by AuditEvent id (leaf index as text,
-- which access rules compare with idx_compartment.resource_id).
CREATE INDEX audit_entries_recorded ON audit_entries (recorded) WHERE leaf_index IS NOT NULL;
CREATE INDEX audit_entries_agent ON audit_entries (agent, recorded) WHERE agent IS NOT NULL;
CREATE INDEX audit_entries_id ON audit_entries ((leaf_index::text)) WHERE leaf_index IS NOT NULL;

-- The sealed log as the rows AuditEvent search reads: `id`, `resource_type`, `last_updated` and
-- `content` named as on `resources`, so the access layer's row conditions apply unchanged.
CREATE VIEW audit_events AS
  SELECT leaf_index::text AS id, 'AuditEvent'::text AS resource_type, recorded AS last_updated,
         entry AS content, leaf_index, recorded, outcome, subtype, action, agent, altid, address, entities
    FROM audit_entries WHERE leaf_index IS NOT NULL;
