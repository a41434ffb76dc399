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
  changed_at  TEXT COLLATE "C",
  revision    BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE segment (
  id          TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL DEFAULT '',
  priority    BIGINT NOT NULL DEFAULT 0,
  created_by  TEXT COLLATE "C",
  created_at  TEXT COLLATE "C",
  changed_by  TEXT COLLATE "C",
  changed_at  TEXT COLLATE "C",
  revision    BIGINT NOT NULL DEFAULT 1
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
  changed_at  TEXT COLLATE "C",
  revision    BIGINT NOT NULL DEFAULT 1
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
  changed_at     TEXT COLLATE "C",
  revision       BIGINT NOT NULL DEFAULT 1
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
  changed_at        TEXT COLLATE "C",
  revision          BIGINT NOT NULL DEFAULT 1
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
  changed_at        TEXT COLLATE "C",
  revision          BIGINT NOT NULL DEFAULT 1
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
  changed_at  TEXT COLLATE "C",
  revision    BIGINT NOT NULL DEFAULT 1
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
  changed_at      TEXT COLLATE "C",
  revision        BIGINT NOT NULL DEFAULT 1
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

-- A field two people changed at once: the save kept `theirs` (the value in the row) and
-- recorded `mine` until someone resolves it. Values are JSON (a text is a JSON string).
CREATE TABLE conflict (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind        TEXT COLLATE "C" NOT NULL,
  entity_id   TEXT COLLATE "C" NOT NULL,
  field       TEXT COLLATE "C" NOT NULL,
  base        TEXT COLLATE "C" NOT NULL,
  mine        TEXT COLLATE "C" NOT NULL,
  theirs      TEXT COLLATE "C" NOT NULL,
  mine_by     TEXT COLLATE "C" NOT NULL,
  theirs_by   TEXT COLLATE "C",
  at          TEXT COLLATE "C" NOT NULL,
  resolved_at TEXT COLLATE "C"
);
CREATE INDEX conflict_open ON conflict(kind, entity_id) WHERE resolved_at IS NULL;

-- Who deleted an entity and when, so that an edit of it can say so.
CREATE TABLE deletion (
  kind       TEXT COLLATE "C" NOT NULL,
  entity_id  TEXT COLLATE "C" NOT NULL,
  deleted_by TEXT COLLATE "C" NOT NULL,
  deleted_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (kind, entity_id)
);

-- The name shown for a role (`Anna Svensson` for `anna`), one per role.
CREATE TABLE person (
  role TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL
);

-- Live updates: every change of an entity, of one of its links, of the project's settings
-- (`meta`) or of a person's name is announced on the channel `medskapa` as JSON:
-- {"table", "kind", "id", "op", "by", "revision"}. A link names the entity that owns it
-- (`need_tag` → its need); `revision` is the row's, where the table has one. A transaction
-- announces its first 100 rows one by one and the rest as one "many rows" note per table
-- and operation (`id` null): the server drops the repeated identical notes, so a bulk
-- import sends a bounded number however many rows it writes.
CREATE FUNCTION medskapa_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r     jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  n     bigint := coalesce(nullif(current_setting('medskapa.notes', true), ''), '0')::bigint + 1;
  owner text;
BEGIN
  PERFORM set_config('medskapa.notes', n::text, true);
  IF TG_ARGV[1] = 'nid' THEN
    SELECT id INTO owner FROM need WHERE nid = (r->>'nid')::bigint;
    -- The need itself is gone (a cascade): its own delete was announced.
    IF owner IS NULL THEN
      RETURN NULL;
    END IF;
  ELSE
    owner := r->>TG_ARGV[1];
  END IF;
  PERFORM pg_notify('medskapa', json_build_object(
    'table', TG_TABLE_NAME,
    'kind', TG_ARGV[0],
    'id', CASE WHEN n <= 100 THEN owner END,
    'op', lower(TG_OP),
    'by', current_user,
    'revision', CASE WHEN n <= 100 THEN r->'revision' END)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER effect_goal_notify AFTER INSERT OR UPDATE OR DELETE ON effect_goal
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('effect_goal', 'id');
CREATE TRIGGER segment_notify AFTER INSERT OR UPDATE OR DELETE ON segment
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('segment', 'id');
CREATE TRIGGER tag_notify AFTER INSERT OR UPDATE OR DELETE ON tag
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('tag', 'id');
CREATE TRIGGER decision_notify AFTER INSERT OR UPDATE OR DELETE ON decision
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('decision', 'id');
CREATE TRIGGER key_question_notify AFTER INSERT OR UPDATE OR DELETE ON key_question
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('key_question', 'id');
CREATE TRIGGER key_question_goal_notify AFTER INSERT OR UPDATE OR DELETE ON key_question_goal
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('key_question', 'key_question_id');
CREATE TRIGGER activity_notify AFTER INSERT OR UPDATE OR DELETE ON activity
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('activity', 'id');
CREATE TRIGGER activity_question_notify AFTER INSERT OR UPDATE OR DELETE ON activity_question
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('activity', 'activity_id');
CREATE TRIGGER participation_notify AFTER INSERT OR UPDATE OR DELETE ON participation
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('activity', 'activity_id');
CREATE TRIGGER need_notify AFTER INSERT OR UPDATE OR DELETE ON need
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('need', 'id');
CREATE TRIGGER need_segment_notify AFTER INSERT OR UPDATE OR DELETE ON need_segment
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('need', 'nid');
CREATE TRIGGER need_tag_notify AFTER INSERT OR UPDATE OR DELETE ON need_tag
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('need', 'nid');
CREATE TRIGGER insight_notify AFTER INSERT OR UPDATE OR DELETE ON insight
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('insight', 'id');
CREATE TRIGGER insight_need_notify AFTER INSERT OR UPDATE OR DELETE ON insight_need
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('insight', 'insight_id');
CREATE TRIGGER insight_question_notify AFTER INSERT OR UPDATE OR DELETE ON insight_question
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('insight', 'insight_id');
CREATE TRIGGER insight_goal_notify AFTER INSERT OR UPDATE OR DELETE ON insight_goal
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('insight', 'insight_id');
CREATE TRIGGER meta_notify AFTER INSERT OR UPDATE OR DELETE ON meta
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('project', 'key');
CREATE TRIGGER person_notify AFTER INSERT OR UPDATE OR DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION medskapa_notify('person', 'role');
