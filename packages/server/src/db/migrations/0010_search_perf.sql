-- Search read path (issue #2 performance). A search with several parameters probes each candidate's
-- index rows by (resource_type, resource_id): e.g. Observation?patient=…&code=…&date=… takes the
-- patient's few hundred Observations and checks each for the code and the date. The probe indexes now
-- lead with the parameter and carry the values (INCLUDE), so a probe is an index-only scan instead of a
-- heap fetch per index row (an Observation has ~7 token rows). They replace the (resource_type,
-- resource_id) indexes, whose leading columns they keep, so reindexing on write costs the same.
CREATE INDEX idx_token_res_param ON idx_token (resource_type, resource_id, param) INCLUDE (system, code);
DROP INDEX idx_token_res;
CREATE INDEX idx_date_res_param ON idx_date (resource_type, resource_id, param) INCLUDE (low, high);
DROP INDEX idx_date_res;
CREATE INDEX idx_string_res_param ON idx_string (resource_type, resource_id, param) INCLUDE (norm);
DROP INDEX idx_string_res;
CREATE INDEX idx_reference_res_param ON idx_reference (resource_type, resource_id, param) INCLUDE (target_type, target_id);
DROP INDEX idx_reference_res;
