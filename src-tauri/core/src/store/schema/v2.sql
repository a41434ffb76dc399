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

-- Every entity row's revision: 1 when made, one more on every change of the row or of its
-- links (a need's tags, an activity's participants). A save states the revision it started
-- from, so that an edit made meanwhile by someone else is merged, not written over.
ALTER TABLE effect_goal ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE segment ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tag ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE decision ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE key_question ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE activity ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE need ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE insight ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;

-- A field two people changed at once: the save kept `theirs` (the value in the row) and
-- recorded `mine` until someone resolves it. Values are JSON (a text is a JSON string).
CREATE TABLE conflict (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  base        TEXT NOT NULL,
  mine        TEXT NOT NULL,
  theirs      TEXT NOT NULL,
  mine_by     TEXT NOT NULL,
  theirs_by   TEXT,
  at          TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX conflict_open ON conflict(kind, entity_id) WHERE resolved_at IS NULL;

-- Who deleted an entity and when, so that an edit of it can say so.
CREATE TABLE deletion (
  kind       TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  deleted_by TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (kind, entity_id)
) WITHOUT ROWID;
