-- FHIR Bulk Data $export (bulk-export/, Bulk Data Access IG v2): jobs keep their request, their owner
-- and how far they got, so a job interrupted by a restart resumes where it stopped. The NDJSON output
-- lives in the database on both engines (chunks of at most one page each), so any Hearth process
-- sharing the database can serve it, it is backed up and access-controlled with the data it copies,
-- and deleting a job removes its files in the same statement.
CREATE TABLE export_jobs (
  id text PRIMARY KEY,
  -- Who may poll, download and delete: the client id and the user id (if any) of the kick-off token.
  owner text NOT NULL,
  -- The kick-off's access context: the job searches as that caller, through access control.
  context_json text NOT NULL,
  request_url text NOT NULL,
  -- Resource types, _since, _typeFilter queries and the patient scope (Patient/Group level).
  params_json text NOT NULL,
  status text NOT NULL CHECK (status IN ('in-progress', 'completed', 'failed')),
  transaction_time timestamptz NOT NULL,
  -- Progress: the index of the type being exported and the last id written.
  type_index integer NOT NULL DEFAULT 0,
  after_id text,
  error text,
  -- The worker that holds the job until then; another process takes over an expired lease.
  lease_owner text,
  lease_until timestamptz,
  created timestamptz NOT NULL DEFAULT now(),
  finished timestamptz
);
CREATE INDEX export_jobs_status ON export_jobs (status, lease_until);

CREATE TABLE export_files (
  job_id text NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
  resource_type text NOT NULL,
  count integer NOT NULL,
  chunks integer NOT NULL,
  PRIMARY KEY (job_id, resource_type)
);

CREATE TABLE export_file_chunks (
  job_id text NOT NULL,
  resource_type text NOT NULL,
  chunk integer NOT NULL,
  content text NOT NULL,
  PRIMARY KEY (job_id, resource_type, chunk),
  FOREIGN KEY (job_id, resource_type) REFERENCES export_files (job_id, resource_type) ON DELETE CASCADE
);
