-- Remote monitoring (#6 point 4, devices/store.ts): every reading a device sends, as one compact row.
-- Samples are the truth; the Observations made of them (one per low-rate reading, one per minute of a
-- high-rate stream) are derived and written in the same transaction or, for a minute, once it closes.
-- `t` is the effective instant in ms since the epoch (a step count's interval end; `start_t` its start).
-- Blood pressure is one row: code 85354-9 (the panel), `value` systolic (8480-6), `value2` diastolic
-- (8462-4). The primary key makes a re-delivered reading (same device, code and time) a duplicate.
CREATE TABLE device_samples (
  device_id text NOT NULL,
  code text NOT NULL,
  t bigint NOT NULL,
  patient_id text NOT NULL,
  value double precision NOT NULL,
  value2 double precision,
  start_t bigint,
  PRIMARY KEY (device_id, code, t)
);

-- A patient's recent series (monitoring's dashboard and its rebuild at start).
CREATE INDEX device_samples_patient ON device_samples (patient_id, code, t);

-- Minutes of high-rate streams whose aggregate Observation is still to be written: inserted with their
-- samples, deleted with the aggregate, in the same transactions, so a crash between the two leaves the
-- minute here and the next start writes it. `minute` is the minute's start in ms since the epoch.
CREATE TABLE device_sample_minutes (
  device_id text NOT NULL,
  code text NOT NULL,
  minute bigint NOT NULL,
  PRIMARY KEY (device_id, code, minute)
);

CREATE INDEX device_sample_minutes_minute ON device_sample_minutes (minute);
