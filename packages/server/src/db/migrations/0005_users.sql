-- User accounts, browser sessions and password-reset tokens (issue #3 point 1, DESIGN.md §7).
-- Secrets are never stored in the clear: passwords as argon2id PHC strings, session ids and reset
-- tokens as SHA-256 digests of 256-bit random values (a database leak yields nothing replayable).
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL,
  -- argon2id PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('practitioner', 'patient', 'caregiver', 'admin', 'researcher', 'public-health')),
  -- SMART fhirUser: `Practitioner/123`, `Patient/456`, `RelatedPerson/789`.
  fhir_user text,
  -- Caregivers: the Patient ids they hold proxy access for (JSON array of ids).
  proxy_patients jsonb NOT NULL DEFAULT '[]',
  -- Practitioners: `Organization/…` and `CareTeam/…` references they belong to (JSON array).
  organizations jsonb NOT NULL DEFAULT '[]',
  -- RFC 6238 shared secret (base32) once enrolled; the last accepted time step blocks code replay (§5.2).
  totp_secret text,
  totp_last_step bigint,
  -- Failed-login throttling (NIST SP 800-63B §5.2.2, OWASP Authentication Cheat Sheet).
  failed_logins integer NOT NULL DEFAULT 0,
  last_failed_at timestamptz,
  locked_until timestamptz,
  -- A generated one-time password must be replaced at first sign-in.
  must_change_password boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created timestamptz NOT NULL DEFAULT now(),
  password_changed timestamptz NOT NULL DEFAULT now()
);

-- Usernames are unique without regard to case, so `Alice` and `alice` cannot both exist.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- A browser session. `stage` is `full` once every factor is proven; `mfa` waits for a TOTP code,
-- `enrol` for an administrator's first TOTP set-up (its secret kept here until confirmed), `password`
-- for the replacement of a one-time password.
CREATE TABLE user_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('full', 'mfa', 'enrol', 'password')),
  pending_totp_secret text,
  created timestamptz NOT NULL DEFAULT now(),
  expires timestamptz NOT NULL
);

CREATE INDEX user_sessions_user ON user_sessions (user_id);

CREATE TABLE password_reset_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created timestamptz NOT NULL DEFAULT now(),
  expires timestamptz NOT NULL,
  used_at timestamptz
);

CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);
