-- The organization an app is registered to (`hearth clients add --organization Organization/x`), e.g. an
-- exchange partner's: a patient whose Consent refuses sharing with that organization is outside the
-- app's access (access/consent-sql.ts).
ALTER TABLE oauth_clients ADD COLUMN organization text;
