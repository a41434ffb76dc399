-- Medskapa project schema on PostgreSQL, version 3 (applied after pg.sql, which is version
-- 2, when a project is shared and when an older shared project is opened), as v3.sql: what
-- the project has promised residents (commitments, followed up after the decision), how
-- many residents each segment stands for (representation), and each need's embedding for
-- the local language model.
-- The links announce themselves as their commitment's (see `medskapa_notify` in pg.sql).

-- Residents the segment stands for (from official statistics, entered by the user), and
-- where the figure comes from ("SCB 2025", "Exempel").
ALTER TABLE segment ADD COLUMN residents BIGINT CHECK (residents IS NULL OR residents >= 0);
ALTER TABLE segment ADD COLUMN residents_source TEXT COLLATE "C" NOT NULL DEFAULT '';

-- A promise ("vi gör"): planned, in progress, done or dropped (dropped needs a reason).
CREATE TABLE commitment (
  id          TEXT COLLATE "C" PRIMARY KEY,
  title       TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  owner       TEXT COLLATE "C" NOT NULL DEFAULT '',
  due_date    TEXT COLLATE "C",
  status      TEXT COLLATE "C" NOT NULL DEFAULT 'planned'
              CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  reason      TEXT COLLATE "C" NOT NULL DEFAULT '',
  decision_id TEXT COLLATE "C" REFERENCES decision(id) ON DELETE SET NULL,
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C",
  revision    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX commitment_decision ON commitment(decision_id);

-- The dated history of a commitment's status, oldest first (`seq` orders events of one day).
CREATE TABLE commitment_event (
  commitment_id TEXT COLLATE "C" NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  seq           BIGINT NOT NULL,
  on_date       TEXT COLLATE "C" NOT NULL,
  status        TEXT COLLATE "C" NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  note          TEXT COLLATE "C" NOT NULL DEFAULT '',
  PRIMARY KEY (commitment_id, seq)
);

CREATE TABLE commitment_insight (
  commitment_id TEXT COLLATE "C" NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  insight_id    TEXT COLLATE "C" NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, insight_id)
);
CREATE INDEX commitment_insight_i ON commitment_insight(insight_id);

CREATE TABLE commitment_need (
  commitment_id TEXT COLLATE "C" NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  nid           BIGINT NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, nid)
);
CREATE INDEX commitment_need_n ON commitment_need(nid);

CREATE TABLE commitment_question (
  commitment_id   TEXT COLLATE "C" NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  key_question_id TEXT COLLATE "C" NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, key_question_id)
);
CREATE INDEX commitment_question_q ON commitment_question(key_question_id);

CREATE TABLE commitment_segment (
  commitment_id TEXT COLLATE "C" NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  segment_id    TEXT COLLATE "C" NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  PRIMARY KEY (commitment_id, segment_id)
);
CREATE INDEX commitment_segment_s ON commitment_segment(segment_id);

-- A need's embedding: `vector` is little-endian f32s, made by `model` from the text whose
-- hash is `text_hash` (a changed statement or quote makes it stale). Derived data: never
-- exported, recomputed when missing.
CREATE TABLE need_embedding (
  nid       BIGINT PRIMARY KEY REFERENCES need(nid) ON DELETE CASCADE,
  model     TEXT COLLATE "C" NOT NULL,
  text_hash TEXT COLLATE "C" NOT NULL,
  vector    BYTEA NOT NULL
);

CREATE TRIGGER commitment_notify AFTER INSERT OR UPDATE OR DELETE ON commitment
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'id');
CREATE TRIGGER commitment_event_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_event
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'commitment_id');
CREATE TRIGGER commitment_insight_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_insight
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'commitment_id');
CREATE TRIGGER commitment_need_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_need
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'commitment_id');
CREATE TRIGGER commitment_question_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_question
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'commitment_id');
CREATE TRIGGER commitment_segment_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_segment
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('commitment', 'commitment_id');
