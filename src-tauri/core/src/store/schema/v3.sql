-- Medskapa project schema, version 3: what the project has promised residents
-- (commitments, followed up after the decision), how many residents each segment stands
-- for (representation), and each need's embedding for the local language model.

-- Residents the segment stands for (from official statistics, entered by the user), and
-- where the figure comes from ("SCB 2025", "Exempel").
ALTER TABLE segment ADD COLUMN residents INTEGER CHECK (residents IS NULL OR residents >= 0);
ALTER TABLE segment ADD COLUMN residents_source TEXT NOT NULL DEFAULT '';

-- A promise ("vi gör"): planned, in progress, done or dropped (dropped needs a reason).
CREATE TABLE commitment (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner       TEXT NOT NULL DEFAULT '',
  due_date    TEXT,
  status      TEXT NOT NULL DEFAULT 'planned'
              CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  reason      TEXT NOT NULL DEFAULT '',
  decision_id TEXT REFERENCES decision(id) ON DELETE SET NULL,
  created_by  TEXT,
  created_at  TEXT,
  changed_by  TEXT,
  changed_at  TEXT,
  revision    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX commitment_decision ON commitment(decision_id);

-- The dated history of a commitment's status, oldest first (`seq` orders events of one day).
CREATE TABLE commitment_event (
  commitment_id TEXT NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  on_date       TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  note          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (commitment_id, seq)
) WITHOUT ROWID;

CREATE TABLE commitment_insight (
  commitment_id TEXT NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  insight_id    TEXT NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, insight_id)
) WITHOUT ROWID;
CREATE INDEX commitment_insight_i ON commitment_insight(insight_id);

CREATE TABLE commitment_need (
  commitment_id TEXT NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  nid           INTEGER NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, nid)
) WITHOUT ROWID;
CREATE INDEX commitment_need_n ON commitment_need(nid);

CREATE TABLE commitment_question (
  commitment_id   TEXT NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  key_question_id TEXT NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, key_question_id)
) WITHOUT ROWID;
CREATE INDEX commitment_question_q ON commitment_question(key_question_id);

CREATE TABLE commitment_segment (
  commitment_id TEXT NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  segment_id    TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, segment_id)
) WITHOUT ROWID;
CREATE INDEX commitment_segment_s ON commitment_segment(segment_id);

-- A need's embedding: `vector` is little-endian f32s, made by `model` from the text whose
-- hash is `text_hash` (a changed statement or quote makes it stale). Derived data: never
-- exported, recomputed when missing.
CREATE TABLE need_embedding (
  nid       INTEGER PRIMARY KEY REFERENCES need(nid) ON DELETE CASCADE,
  model     TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  vector    BLOB NOT NULL
);
