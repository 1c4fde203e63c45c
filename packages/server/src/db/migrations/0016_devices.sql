-- Remote monitoring devices (issue #6 point 1, devices/registry.ts). The device itself is a FHIR Device
-- resource (its id is the device's MQTT/HTTP user name, Device.patient the patient it is paired to);
-- these tables hold only what FHIR has no place for: its credentials and the pairing codes.
--
-- The password is kept encrypted (identity/secret-box.ts, AES-256-GCM), not hashed, because it must be
-- shown again (`hearth devices credentials`, the patient portal). `revoked` is set by unpair: the device
-- can no longer sign in until its credentials are rotated. Wrong pairing codes are counted per device
-- (`pair_failures` since `pair_window_start`) so a device cannot guess codes.
CREATE TABLE device_credentials (
  device_id text PRIMARY KEY,
  secret text NOT NULL,
  created timestamptz NOT NULL,
  revoked timestamptz,
  pair_failures integer NOT NULL DEFAULT 0,
  pair_window_start timestamptz
);

-- Short single-use codes a patient (or their clinician) creates and types into a device to pair it. Only
-- the SHA-256 of a code is stored: the table alone pairs nothing.
CREATE TABLE device_pairing_codes (
  code_hash text PRIMARY KEY,
  patient_id text NOT NULL,
  -- The actor who created it (AccessContext.actor), for the audit trail of the pairing.
  created_by text NOT NULL,
  expires timestamptz NOT NULL,
  used timestamptz,
  used_by text
);
CREATE INDEX device_pairing_codes_expires ON device_pairing_codes (expires);
