-- Medskapa project schema, version 2: who created each entity and who changed it last,
-- and when (`*_by` the database role, or the login name in a file; `*_at` RFC 3339 in UTC),
-- and the names people go by. Rows from version 1 keep NULL: not known.

ALTER TABLE effect_goal ADD COLUMN created_by TEXT;
ALTER TABLE effect_goal ADD COLUMN created_at TEXT;
ALTER TABLE effect_goal ADD COLUMN changed_by TEXT;
ALTER TABLE effect_goal ADD COLUMN changed_at TEXT;

ALTER TABLE segment ADD COLUMN created_by TEXT;
ALTER TABLE segment ADD COLUMN created_at TEXT;
ALTER TABLE segment ADD COLUMN changed_by TEXT;
ALTER TABLE segment ADD COLUMN changed_at TEXT;

ALTER TABLE tag ADD COLUMN created_by TEXT;
ALTER TABLE tag ADD COLUMN created_at TEXT;
ALTER TABLE tag ADD COLUMN changed_by TEXT;
ALTER TABLE tag ADD COLUMN changed_at TEXT;

ALTER TABLE decision ADD COLUMN created_by TEXT;
ALTER TABLE decision ADD COLUMN created_at TEXT;
ALTER TABLE decision ADD COLUMN changed_by TEXT;
ALTER TABLE decision ADD COLUMN changed_at TEXT;

ALTER TABLE key_question ADD COLUMN created_by TEXT;
ALTER TABLE key_question ADD COLUMN created_at TEXT;
ALTER TABLE key_question ADD COLUMN changed_by TEXT;
ALTER TABLE key_question ADD COLUMN changed_at TEXT;

ALTER TABLE activity ADD COLUMN created_by TEXT;
ALTER TABLE activity ADD COLUMN created_at TEXT;
ALTER TABLE activity ADD COLUMN changed_by TEXT;
ALTER TABLE activity ADD COLUMN changed_at TEXT;

ALTER TABLE need ADD COLUMN created_by TEXT;
ALTER TABLE need ADD COLUMN created_at TEXT;
ALTER TABLE need ADD COLUMN changed_by TEXT;
ALTER TABLE need ADD COLUMN changed_at TEXT;

ALTER TABLE insight ADD COLUMN created_by TEXT;
ALTER TABLE insight ADD COLUMN created_at TEXT;
ALTER TABLE insight ADD COLUMN changed_by TEXT;
ALTER TABLE insight ADD COLUMN changed_at TEXT;

-- The name shown for a role (`Anna Svensson` for `anna`), one per role.
CREATE TABLE person (
  role TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;
