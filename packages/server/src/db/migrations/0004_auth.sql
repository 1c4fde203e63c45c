-- OAuth 2.0 clients and JWT signing keys (DESIGN.md §7). The identity issue extends these tables
-- (users, SMART app registrations, private_key_jwt) rather than replacing them.
CREATE TABLE oauth_clients (
  client_id text PRIMARY KEY,
  -- scrypt hash `scrypt$N$r$p$salt$hash` (base64url parts); NULL for public clients, which have no secret.
  secret_hash text,
  name text NOT NULL,
  scopes text NOT NULL,
  client_type text NOT NULL CHECK (client_type IN ('confidential', 'public')),
  created timestamptz NOT NULL DEFAULT now(),
  disabled boolean NOT NULL DEFAULT false
);

-- Several keys may be live at once (rotation): the newest unretired key signs, every unretired key is
-- published in the JWKS so tokens signed just before a rotation still verify.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  private_jwk text NOT NULL,
  public_jwk text NOT NULL,
  created timestamptz NOT NULL DEFAULT now(),
  retired timestamptz
);
