-- Break-the-glass grants (issue #3 point 4; purpose of use HL7 v3 ActReason "BTG"): a practitioner who
-- states a reason may open a patient's record outside their panel until expires_at. The server only
-- inserts rows: together with the audit log they are the record of every emergency access.
CREATE TABLE access_break_glass (
  user_id text NOT NULL,
  practitioner text,
  patient_id text NOT NULL,
  reason text NOT NULL,
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX access_break_glass_user ON access_break_glass (user_id, patient_id, expires_at);
