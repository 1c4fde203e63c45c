-- OpenID Connect Dynamic Client Registration §2 `id_token_signed_response_alg`: the algorithm a client
-- wants its id_tokens signed with (RS256 or ES256); NULL means RS256, OIDC Core §15.1's mandatory default.
ALTER TABLE oauth_clients ADD COLUMN id_token_signed_response_alg text
  CHECK (id_token_signed_response_alg IN ('RS256', 'ES256'));
