-- SMART App Launch 2.0 (issue #3 point 2): app registration details, authorization codes, EHR launch
-- contexts, refresh-token families and private_key_jwt replay protection. Secrets (codes, refresh
-- tokens, launch ids) are stored only as SHA-256 hashes: a database reader cannot replay them.

-- Exact redirect URIs (RFC 6749 §3.1.2, compared verbatim), as a JSON array of strings. The client's
-- public keys for private_key_jwt (RFC 7523): an inline JWK Set (JSON) or a JWKS URL, never both.
ALTER TABLE oauth_clients ADD COLUMN redirect_uris text NOT NULL DEFAULT '[]';
ALTER TABLE oauth_clients ADD COLUMN jwks text;
ALTER TABLE oauth_clients ADD COLUMN jwks_url text;
-- SMART EHR launch: where the EHR sends the browser with `iss` and `launch`.
ALTER TABLE oauth_clients ADD COLUMN launch_url text;

-- Authorization codes (RFC 6749 §4.1.2): single use, short lived, bound to client, redirect URI and
-- the PKCE challenge (RFC 7636). `grant` carries the approved scopes and launch context as JSON.
CREATE TABLE oauth_codes (
  code_hash text PRIMARY KEY,
  client_id text NOT NULL REFERENCES oauth_clients (client_id),
  user_id text NOT NULL,
  redirect_uri text NOT NULL,
  code_challenge text NOT NULL,
  grant_json text NOT NULL,
  expires timestamptz NOT NULL,
  used timestamptz,
  -- The refresh-token family issued from this code, revoked if the code is replayed (RFC 6749 §4.1.2).
  family_id text
);

-- An authorization request waiting for the signed-in user's consent. Its id is the CSRF token of the
-- consent form and is bound to the user who saw the page.
CREATE TABLE oauth_pending_requests (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL,
  request_json text NOT NULL,
  expires timestamptz NOT NULL
);

-- EHR launch contexts (SMART app-launch.html#launch-app-ehr-launch): opaque, single use, short lived,
-- usable only by the user who created them.
CREATE TABLE oauth_launches (
  launch_hash text PRIMARY KEY,
  user_id text NOT NULL,
  patient text,
  encounter text,
  expires timestamptz NOT NULL,
  used timestamptz
);

-- Refresh tokens (RFC 6749 §6, OAuth 2.0 Security BCP §4.14): rotated on every use; a token used twice
-- revokes its whole family. A revoked family also stops the access tokens issued from it (`sid` claim).
CREATE TABLE oauth_refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id text NOT NULL,
  client_id text NOT NULL REFERENCES oauth_clients (client_id),
  user_id text NOT NULL,
  grant_json text NOT NULL,
  offline boolean NOT NULL,
  created timestamptz NOT NULL,
  expires timestamptz NOT NULL,
  used timestamptz
);
CREATE INDEX oauth_refresh_tokens_family ON oauth_refresh_tokens (family_id);
CREATE INDEX oauth_refresh_tokens_user ON oauth_refresh_tokens (user_id, client_id);

-- Revoked grants (a refresh family) and revoked access tokens (by jti), kept until they would expire.
CREATE TABLE oauth_revocations (
  id text PRIMARY KEY,
  expires timestamptz NOT NULL
);

-- private_key_jwt assertion ids seen (RFC 7523 §3 item 7, SMART backend-services.html): a jti is
-- refused a second time until the assertion it came with has expired.
CREATE TABLE oauth_assertion_jtis (
  client_id text NOT NULL,
  jti text NOT NULL,
  expires timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
