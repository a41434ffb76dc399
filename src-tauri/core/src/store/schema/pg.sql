-- Medskapa project schema on PostgreSQL, version 2: the same tables as a file's (v1.sql,
-- with the stamp columns and `person` of v2.sql), with every text compared bytewise
-- (COLLATE "C", as SQLite's BINARY), integers as BIGINT, and the full-text index over
-- `need.words` (folded by the app) instead of FTS5.
CREATE TABLE meta (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);

CREATE TABLE effect_goal (
  id          TEXT COLLATE "C" PRIMARY KEY,
  code        TEXT COLLATE "C" NOT NULL DEFAULT '',
  title       TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C"
);

CREATE TABLE segment (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  priority    BIGINT NOT NULL DEFAULT 0,
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C"
);

CREATE TABLE tag (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  parent_id   TEXT COLLATE "C" REFERENCES tag(id) ON DELETE SET NULL,
  color       TEXT COLLATE "C" NOT NULL DEFAULT '#3366aa',
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C"
);
CREATE INDEX tag_parent ON tag(parent_id);

CREATE TABLE decision (
  id             TEXT COLLATE "C" PRIMARY KEY,
  title          TEXT COLLATE "C" NOT NULL,
  description    TEXT COLLATE "C" NOT NULL DEFAULT '',
  decision_date  TEXT COLLATE "C",
  forum          TEXT COLLATE "C" NOT NULL DEFAULT '',
  status         TEXT COLLATE "C" NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'decided')),
  outcome        TEXT COLLATE "C" NOT NULL DEFAULT '',
  brief_summary  TEXT COLLATE "C" NOT NULL DEFAULT '',
  brief_proposal TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_by     TEXT COLLATE "C",
  created_at     TEXT COLLATE "C",
  changed_by     TEXT COLLATE "C",
  changed_at     TEXT COLLATE "C"
);

CREATE TABLE key_question (
  id                TEXT COLLATE "C" PRIMARY KEY,
  title             TEXT COLLATE "C" NOT NULL,
  description       TEXT COLLATE "C" NOT NULL DEFAULT '',
  decision_id       TEXT COLLATE "C" REFERENCES decision(id) ON DELETE SET NULL,
  needed_by         TEXT COLLATE "C",
  influence_level   TEXT COLLATE "C" NOT NULL DEFAULT 'consult'
                    CHECK (influence_level IN ('inform', 'consult', 'dialogue', 'influence', 'codetermine')),
  open_to_influence TEXT COLLATE "C" NOT NULL DEFAULT '',
  fixed             TEXT COLLATE "C" NOT NULL DEFAULT '',
  promise           TEXT COLLATE "C" NOT NULL DEFAULT '',
  owner             TEXT COLLATE "C" NOT NULL DEFAULT '',
  status            TEXT COLLATE "C" NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'answered')),
  answer            TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_by        TEXT COLLATE "C",
  created_at        TEXT COLLATE "C",
  changed_by        TEXT COLLATE "C",
  changed_at        TEXT COLLATE "C"
);
CREATE INDEX key_question_decision ON key_question(decision_id);

CREATE TABLE key_question_goal (
  key_question_id TEXT COLLATE "C" NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  effect_goal_id  TEXT COLLATE "C" NOT NULL REFERENCES effect_goal(id) ON DELETE CASCADE,
  PRIMARY KEY (key_question_id, effect_goal_id)
);

CREATE TABLE activity (
  id                TEXT COLLATE "C" PRIMARY KEY,
  title             TEXT COLLATE "C" NOT NULL,
  method            TEXT COLLATE "C" NOT NULL DEFAULT 'workshop'
                    CHECK (method IN ('workshop', 'popup', 'survey', 'interview', 'focus_group', 'walk', 'digital', 'information', 'other')),
  starts_at         TEXT COLLATE "C",
  ends_at           TEXT COLLATE "C",
  place             TEXT COLLATE "C" NOT NULL DEFAULT '',
  organisers        TEXT COLLATE "C" NOT NULL DEFAULT '',
  status            TEXT COLLATE "C" NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'reported_back')),
  notes             TEXT COLLATE "C" NOT NULL DEFAULT '',
  feedback          TEXT COLLATE "C" NOT NULL DEFAULT '',
  feedback_given_on TEXT COLLATE "C",
  created_by        TEXT COLLATE "C",
  created_at        TEXT COLLATE "C",
  changed_by        TEXT COLLATE "C",
  changed_at        TEXT COLLATE "C"
);
CREATE INDEX activity_starts ON activity(starts_at);

CREATE TABLE activity_question (
  activity_id     TEXT COLLATE "C" NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  key_question_id TEXT COLLATE "C" NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (activity_id, key_question_id)
);
CREATE INDEX activity_question_q ON activity_question(key_question_id, activity_id);

CREATE TABLE participation (
  activity_id TEXT COLLATE "C" NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  segment_id  TEXT COLLATE "C" NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  count       BIGINT NOT NULL CHECK (count >= 0),
  PRIMARY KEY (activity_id, segment_id)
);
CREATE INDEX participation_segment ON participation(segment_id);

-- `nid` is the integer key the join tables use; `id` is the stable id. `words` is
-- statement and quote folded by the app (lower case, no diacritics), for the search.
CREATE TABLE need (
  nid         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  id          TEXT COLLATE "C" NOT NULL UNIQUE,
  statement   TEXT COLLATE "C" NOT NULL,
  quote       TEXT COLLATE "C" NOT NULL DEFAULT '',
  activity_id TEXT COLLATE "C" REFERENCES activity(id) ON DELETE SET NULL,
  important   BIGINT NOT NULL DEFAULT 0,
  words       TEXT COLLATE "C" NOT NULL DEFAULT '',
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C"
);
CREATE INDEX need_activity ON need(activity_id);
CREATE INDEX need_important ON need(nid) WHERE important = 1;
CREATE INDEX need_words ON need USING GIN (to_tsvector('simple', words));

CREATE TABLE need_segment (
  nid        BIGINT NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  segment_id TEXT COLLATE "C" NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  PRIMARY KEY (nid, segment_id)
);
CREATE INDEX need_segment_s ON need_segment(segment_id, nid);

CREATE TABLE need_tag (
  nid    BIGINT NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  tag_id TEXT COLLATE "C" NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
  PRIMARY KEY (nid, tag_id)
);
CREATE INDEX need_tag_t ON need_tag(tag_id, nid);

CREATE TABLE insight (
  id              TEXT COLLATE "C" PRIMARY KEY,
  title           TEXT COLLATE "C" NOT NULL,
  statement       TEXT COLLATE "C" NOT NULL DEFAULT '',
  response        TEXT COLLATE "C" NOT NULL DEFAULT '',
  response_status TEXT COLLATE "C" NOT NULL DEFAULT 'none' CHECK (response_status IN ('none', 'proposed', 'adopted', 'rejected')),
  communicated_on TEXT COLLATE "C",
  created_by      TEXT COLLATE "C",
  created_at      TEXT COLLATE "C",
  changed_by      TEXT COLLATE "C",
  changed_at      TEXT COLLATE "C"
);

CREATE TABLE insight_need (
  insight_id TEXT COLLATE "C" NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  nid        BIGINT NOT NULL REFERENCES need(nid) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, nid)
);
CREATE INDEX insight_need_n ON insight_need(nid);

CREATE TABLE insight_question (
  insight_id      TEXT COLLATE "C" NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  key_question_id TEXT COLLATE "C" NOT NULL REFERENCES key_question(id) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, key_question_id)
);

CREATE TABLE insight_goal (
  insight_id     TEXT COLLATE "C" NOT NULL REFERENCES insight(id) ON DELETE CASCADE,
  effect_goal_id TEXT COLLATE "C" NOT NULL REFERENCES effect_goal(id) ON DELETE CASCADE,
  PRIMARY KEY (insight_id, effect_goal_id)
);

-- The name shown for a role (`Anna Svensson` for `anna`), one per role.
CREATE TABLE person (
  role TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL
);
