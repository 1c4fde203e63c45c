-- Resources: current version + every past version (DESIGN.md §4). The resource JSON is stored as text
-- exactly as served (meta included), so a read returns it without a parse/serialise round trip;
-- searches never scan it: they use the typed index tables below.
-- patient_id is the patient-compartment key (the Citus distribution column when one server is outgrown).
CREATE TABLE resources (
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id bigint NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  patient_id text,
  content text NOT NULL,
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX resources_last_updated ON resources (resource_type, last_updated);
CREATE INDEX resources_patient ON resources (patient_id, resource_type) WHERE patient_id IS NOT NULL;

-- Every version, including the current one; deletes are a version with deleted = true.
CREATE TABLE resource_history (
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id bigint NOT NULL,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  patient_id text,
  method text NOT NULL,
  content text,
  PRIMARY KEY (resource_type, id, version_id)
);
CREATE INDEX resource_history_time ON resource_history (last_updated);
CREATE INDEX resource_history_type_time ON resource_history (resource_type, last_updated);

-- All patient compartments a resource belongs to (a resource may be in several, e.g. a Group).
CREATE TABLE idx_compartment (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text NOT NULL
);
CREATE INDEX idx_compartment_patient ON idx_compartment (patient_id, resource_type);
CREATE INDEX idx_compartment_res ON idx_compartment (resource_type, resource_id);

-- Typed search indexes, one table per search-parameter type (packages/fhir/src/search/index-values.ts).
CREATE TABLE idx_token (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  system text,
  code text,
  text text
);
CREATE INDEX idx_token_value ON idx_token (resource_type, param, code, system);
CREATE INDEX idx_token_res ON idx_token (resource_type, resource_id);

CREATE TABLE idx_string (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  norm text NOT NULL,
  exact text NOT NULL
);
CREATE INDEX idx_string_value ON idx_string (resource_type, param, norm text_pattern_ops);
CREATE INDEX idx_string_res ON idx_string (resource_type, resource_id);

CREATE TABLE idx_date (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  low timestamptz NOT NULL,
  high timestamptz NOT NULL
);
CREATE INDEX idx_date_value ON idx_date (resource_type, param, low, high);
CREATE INDEX idx_date_patient ON idx_date (patient_id, resource_type, param, low) WHERE patient_id IS NOT NULL;
CREATE INDEX idx_date_res ON idx_date (resource_type, resource_id);

CREATE TABLE idx_number (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  value numeric NOT NULL,
  low numeric NOT NULL,
  high numeric NOT NULL
);
CREATE INDEX idx_number_value ON idx_number (resource_type, param, value);
CREATE INDEX idx_number_res ON idx_number (resource_type, resource_id);

CREATE TABLE idx_quantity (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  value numeric NOT NULL,
  low numeric NOT NULL,
  high numeric NOT NULL,
  system text,
  code text,
  unit text,
  canonical_code text,
  canonical_low numeric,
  canonical_high numeric
);
CREATE INDEX idx_quantity_value ON idx_quantity (resource_type, param, value);
CREATE INDEX idx_quantity_canonical ON idx_quantity (resource_type, param, canonical_code, canonical_low);
CREATE INDEX idx_quantity_res ON idx_quantity (resource_type, resource_id);

CREATE TABLE idx_reference (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  target_type text,
  target_id text,
  url text
);
CREATE INDEX idx_reference_target ON idx_reference (target_id, target_type, param, resource_type);
CREATE INDEX idx_reference_url ON idx_reference (url) WHERE url IS NOT NULL;
CREATE INDEX idx_reference_res ON idx_reference (resource_type, resource_id);

CREATE TABLE idx_uri (
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  patient_id text,
  param text NOT NULL,
  grp integer NOT NULL DEFAULT 0,
  value text NOT NULL
);
CREATE INDEX idx_uri_value ON idx_uri (resource_type, param, value);
CREATE INDEX idx_uri_res ON idx_uri (resource_type, resource_id);
