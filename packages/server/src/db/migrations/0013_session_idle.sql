-- Session idle timeout (OWASP Session Management Cheat Sheet, "Idle Timeout"; NIST SP 800-63B §7.2):
-- besides its absolute end (`expires`), a session ends after `idle_seconds` without use. Each use moves
-- `idle_expires` on, never past `expires`.
ALTER TABLE user_sessions ADD COLUMN idle_seconds integer NOT NULL DEFAULT 1800;
ALTER TABLE user_sessions ADD COLUMN idle_expires timestamptz;
UPDATE user_sessions SET idle_expires = LEAST(expires, now() + interval '30 minutes');
ALTER TABLE user_sessions ALTER COLUMN idle_expires SET NOT NULL;
