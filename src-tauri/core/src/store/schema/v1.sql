-- Medskapa project schema, version 1.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE effect_goal (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL DEFAULT '',
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE segment (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  priority    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tag (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  parent_id   TEXT REFERENCES tag(id) ON DELETE SET NULL,
  color       TEXT NOT NULL DEFAULT '#3366aa',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tag_parent ON tag(parent_id);

CREATE TABLE decision (
  id             TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  decision_date  TEXT,
  forum          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'decided')),
  outcome        TEXT NOT NULL DEFAULT '',
  brief_summary  TEXT NOT NULL DEFAULT '',
  brief_proposal TEXT NOT NULL DEFAULT ''
);

CREATE TABLE key_question (
  id                TEXT PRIMARY KEY,
  title             TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  decision_id       TEXT REFERENCES decision(id) ON DELETE SET NULL,
  needed_by         TEXT,
  influence_level   TEXT NOT NULL DEFAULT 'consult'
                    CHECK (influence_level IN ('inform', 'consult', 'dialogue', 'influence', 'codetermine')),
  open_to_influence TEXT NOT NULL DEFAULT '',
  fixed             TEXT NOT NULL DEFAULT '',
  promise           TEXT NOT NULL DEFAULT '',
  owner             TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'answered')),
  answer            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX key_question_decision ON key_question(decision_id);

CREATE TABLE key_question_goal (
  key_question_id TEXT NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  effect_goal_id  TEXT NOT NULL REFERENCES effect_goal(id) ON DELETE CASCADE,
  PRIMARY KEY (key_question_id, effect_goal_id)
) WITHOUT ROWID;

CREATE TABLE activity (
  id                TEXT PRIMARY KEY,
  title             TEXT NOT NULL,
  method            TEXT NOT NULL DEFAULT 'workshop'
                    CHECK (method IN ('workshop', 'popup', 'survey', 'interview', 'focus_group', 'walk', 'digital', 'information', 'other')),
  starts_at         TEXT,
  ends_at           TEXT,
  place             TEXT NOT NULL DEFAULT '',
  organisers        TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'reported_back')),
  notes             TEXT NOT NULL DEFAULT '',
  feedback          TEXT NOT NULL DEFAULT '',
  feedback_given_on TEXT
);
CREATE INDEX activity_starts ON activity(starts_at);

CREATE TABLE activity_question (
  activity_id     TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  key_question_id TEXT NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (activity_id, key_question_id)
) WITHOUT ROWID;
CREATE INDEX activity_question_q ON activity_question(key_question_id, activity_id);

CREATE TABLE participation (
  activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  segment_id  TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  count       INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (activity_id, segment_id)
) WITHOUT ROWID;
CREATE INDEX participation_segment ON participation(segment_id);

-- `nid` is the integer key the join tables and the full-text index use; `id` is the stable id.
CREATE TABLE need (
  nid         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  statement   TEXT NOT NULL,
  quote       TEXT NOT NULL DEFAULT '',
  activity_id TEXT REFERENCES activity(id) ON DELETE SET NULL,
  important   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX need_activity ON need(activity_id);
-- The "important only" filter reads this instead of the whole table.
CREATE INDEX need_important ON need(nid) WHERE important = 1;

CREATE TABLE need_segment (
  nid        INTEGER NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  segment_id TEXT NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  PRIMARY KEY (nid, segment_id)
) WITHOUT ROWID;
CREATE INDEX need_segment_s ON need_segment(segment_id, nid);

CREATE TABLE need_tag (
  nid    INTEGER NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  tag_id TEXT NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
  PRIMARY KEY (nid, tag_id)
) WITHOUT ROWID;
CREATE INDEX need_tag_t ON need_tag(tag_id, nid);

-- Full-text search over statement and quote; diacritics folded so `mote` finds `möte`.
CREATE VIRTUAL TABLE need_fts USING fts5(
  statement, quote,
  content = 'need', content_rowid = 'nid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER need_ai AFTER INSERT ON need BEGIN
  INSERT INTO need_fts(rowid, statement, quote) VALUES (new.nid, new.statement, new.quote);
END;
CREATE TRIGGER need_ad AFTER DELETE ON need BEGIN
  INSERT INTO need_fts(need_fts, rowid, statement, quote) VALUES ('delete', old.nid, old.statement, old.quote);
END;
CREATE TRIGGER need_au AFTER UPDATE OF statement, quote ON need BEGIN
  INSERT INTO need_fts(need_fts, rowid, statement, quote) VALUES ('delete', old.nid, old.statement, old.quote);
  INSERT INTO need_fts(rowid, statement, quote) VALUES (new.nid, new.statement, new.quote);
END;

CREATE TABLE insight (
  id              TEXT PRIMARY KEY,
  title           TEXT NOT NULL,
  statement       TEXT NOT NULL DEFAULT '',
  response        TEXT NOT NULL DEFAULT '',
  response_status TEXT NOT NULL DEFAULT 'none' CHECK (response_status IN ('none', 'proposed', 'adopted', 'rejected')),
  communicated_on TEXT
);

CREATE TABLE insight_need (
  insight_id TEXT NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  nid        INTEGER NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, nid)
) WITHOUT ROWID;
CREATE INDEX insight_need_n ON insight_need(nid);

CREATE TABLE insight_question (
  insight_id      TEXT NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  key_question_id TEXT NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, key_question_id)
) WITHOUT ROWID;

CREATE TABLE insight_goal (
  insight_id     TEXT NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  effect_goal_id TEXT NOT NULL REFERENCES effect_goal(id) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, effect_goal_id)
) WITHOUT ROWID;
