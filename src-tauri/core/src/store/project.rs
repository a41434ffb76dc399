//! The whole project at once, composed from the table modules: writing a new one, reading it
//! (all of it, without needs, or with the needs a brief shows), and its planning warnings.

use crate::domain::checks::{self, Warning};
use crate::domain::model::BriefTarget;
use crate::domain::model::*;
use crate::domain::timeline::TimelineData;
use crate::store::Store;
use crate::support::error::{CoreError, Result};
use crate::support::lang::Lang;

use super::db::Db;
use super::{
    activities, commitments, decisions, effect_goals, insights, meta, needs, put_meta, questions,
    segments, tags,
};

/// Write a whole (validated) project into an empty schema. One transaction is the caller's.
pub(super) fn write_project(db: &Db, p: &Project) -> Result<()> {
    put_info(db, &p.project)?;
    effect_goals::insert_all(db, &p.effect_goals)?;
    segments::insert_all(db, &p.segments)?;
    tags::insert_all(db, &p.tags)?;
    decisions::insert_all(db, &p.decisions)?;
    questions::insert_all(db, &p.key_questions)?;
    activities::insert_all(db, &p.activities)?;
    needs::insert_all(db, &p.needs)?;
    insights::insert_all(db, &p.insights)?;
    commitments::insert_all(db, &p.commitments)?;
    Ok(())
}

/// The `meta` keys of the representation thresholds.
const MIN_RATIO: &str = "representation_min_ratio";
const WITHIN_DAYS: &str = "representation_within_days";

/// The project's name, description and representation thresholds (the defaults where
/// none are stored).
pub(super) fn info(db: &Db) -> Result<ProjectInfo> {
    let defaults = Representation::default();
    let number = |key: &str| -> Result<Option<String>> { meta(db, key) };
    let bad = |key: &str, v: &str| {
        CoreError::invalid(format!("project settings: {key} \"{v}\" is not a number"))
    };
    let min_ratio = match number(MIN_RATIO)? {
        Some(v) => v.parse::<f64>().map_err(|_| bad(MIN_RATIO, &v))?,
        None => defaults.min_ratio,
    };
    let within_days = match number(WITHIN_DAYS)? {
        Some(v) => v.parse::<u32>().map_err(|_| bad(WITHIN_DAYS, &v))?,
        None => defaults.within_days,
    };
    Ok(ProjectInfo {
        name: meta(db, "name")?.unwrap_or_default(),
        description: meta(db, "description")?.unwrap_or_default(),
        representation: Representation {
            min_ratio,
            within_days,
        },
    })
}

/// Store the project's name, description and representation thresholds.
pub(super) fn put_info(db: &Db, info: &ProjectInfo) -> Result<()> {
    put_meta(db, "name", &info.name)?;
    put_meta(db, "description", &info.description)?;
    // Rust prints an f64 so that it parses back to the same value.
    put_meta(db, MIN_RATIO, &info.representation.min_ratio.to_string())?;
    put_meta(
        db,
        WITHIN_DAYS,
        &info.representation.within_days.to_string(),
    )
}

/// Everything but the needs; insights with their evidence.
const SHALLOW: Load = Load {
    needs: false,
    activities: true,
    evidence: true,
};

/// What the window keeps: neither the needs nor the activities.
const ROWS: Load = Load {
    needs: false,
    activities: false,
    evidence: true,
};

/// What to read besides the project's own rows.
#[derive(Clone, Copy)]
struct Load {
    /// Every need, with its segments and tags.
    needs: bool,
    /// Every activity, with its key questions and participants.
    activities: bool,
    /// Each insight's evidence (need ids).
    evidence: bool,
}

fn load_project(db: &Db, load: Load) -> Result<Project> {
    let mut p = Project {
        project: info(db)?,
        ..Project::default()
    };
    p.effect_goals = effect_goals::all(db)?;
    p.segments = segments::all(db)?;
    p.tags = tags::all(db)?;
    p.decisions = decisions::all(db)?;
    p.key_questions = questions::all(db)?;
    if load.activities {
        p.activities = activities::all(db)?;
    }
    if load.needs {
        p.needs = needs::all(db)?;
    }
    p.insights = insights::all(db, load.evidence)?;
    p.commitments = commitments::all(db)?;
    // SQL `ORDER BY` uses byte order, the same as Rust's `str` order; sort anyway so the
    // canonical form never depends on a collation.
    p.canonicalize();
    Ok(p)
}

impl Store {
    /// The whole project as the interchange model, in canonical order.
    pub fn load_project(&self) -> Result<Project> {
        self.snapshot(|db| {
            load_project(
                db,
                Load {
                    needs: true,
                    activities: true,
                    evidence: true,
                },
            )
        })
    }

    /// The project without its needs (insights still list their evidence ids).
    pub fn load_project_shallow(&self) -> Result<Project> {
        self.snapshot(|db| load_project(db, SHALLOW))
    }

    /// `read` run in one snapshot of the project: what it reads in many queries fits
    /// together although others save meanwhile.
    pub(super) fn snapshot<T>(&self, read: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self.db().begin_snapshot()?;
        let value = read(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// What the window keeps of the project (see [`ProjectRows`]).
    pub fn load_project_rows(&self) -> Result<ProjectRows> {
        self.snapshot(|db| load_project(db, ROWS))
            .map(ProjectRows::from)
    }

    /// What the timeline lays out, read in one snapshot.
    pub fn timeline_data(&self) -> Result<TimelineData> {
        self.snapshot(|db| {
            let p = load_project(
                db,
                Load {
                    needs: false,
                    activities: false,
                    evidence: false,
                },
            )?;
            Ok(TimelineData {
                decisions: p.decisions,
                questions: p.key_questions,
                commitments: p.commitments,
                activities: super::dialogues::dated_activities(db)?,
            })
        })
    }

    /// Everything but the needs (which can be many): what planning views and checks use.
    pub fn load_project_without_needs(&self) -> Result<Project> {
        let mut p = self.load_project_shallow()?;
        p.needs.clear();
        Ok(p)
    }

    /// The project with only the needs a brief for `target` shows: those heard in the
    /// activities of its key questions and those its insights cite. An unknown target
    /// gives the project without needs (the brief then reports the unknown id).
    pub fn load_project_for_brief(&self, target: &BriefTarget) -> Result<Project> {
        self.snapshot(|db| {
            let mut p = load_project(db, SHALLOW)?;
            let (activities, cited) = p.brief_sources(target);
            let nids = needs::nids_of(db, &activities, &cited)?;
            p.needs = needs::by_nids(db, &nids)?;
            p.canonicalize();
            Ok(p)
        })
    }

    /// A new, planned commitment answering insight `insight_id`, made `today` (see
    /// [`commitment_from_insight`]); not saved.
    pub fn commitment_from_insight(
        &self,
        insight_id: &str,
        today: chrono::NaiveDate,
    ) -> Result<Commitment> {
        self.snapshot(|db| {
            let mut p = load_project(db, SHALLOW)?;
            let cited: Vec<String> = p
                .insights
                .iter()
                .find(|i| i.id == insight_id)
                .map(|i| i.need_ids.clone())
                .unwrap_or_default();
            let nids = needs::nids_of(db, &[], &cited)?;
            p.needs = needs::by_nids(db, &nids)?;
            commitment_from_insight(&p, insight_id, &today.format("%Y-%m-%d").to_string())
                .ok_or_else(|| CoreError::not_found(format!("unknown insight \"{insight_id}\"")))
        })
    }

    /// The planning warnings for `today`, without loading every need.
    pub fn planning_warnings(&self, today: chrono::NaiveDate, lang: Lang) -> Result<Vec<Warning>> {
        // Everything the rules read, and nothing else: no needs and no insight evidence.
        self.snapshot(|db| {
            let mut p = load_project(
                db,
                Load {
                    needs: false,
                    activities: true,
                    evidence: false,
                },
            )?;
            self.warnings_of(&mut p, today, lang)
        })
    }

    /// The planning warnings for `today` from `p` as read from this store, whatever needs
    /// it holds: the rules that look at needs count them here, in the store.
    pub(crate) fn warnings_of(
        &self,
        p: &mut Project,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> Result<Vec<Warning>> {
        let mut w = self.rule_warnings(p, today, lang)?;
        // Personal data in the needs, scanned here as `check` scans the needs it is given.
        needs::each_text(self.db(), |id, statement, quote| {
            checks::need_personal_data(id, statement, quote, lang, &mut w);
            Ok(())
        })?;
        let untagged = needs::untagged_count(self.db())?;
        if untagged > 0 {
            w.push(checks::untagged_warning(untagged, lang));
        }
        Ok(w)
    }

    /// Every planning warning for `today` but those about the needs themselves (personal
    /// data in their words, needs without tags), which read all of them: what a brief
    /// shows, as it repeats neither.
    pub(crate) fn rule_warnings(
        &self,
        p: &mut Project,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> Result<Vec<Warning>> {
        let read = self.rule_needs(p)?;
        Ok(rule_warnings_with(p, read, today, lang))
    }

    /// The needs the planning rules read: only those of commitments that name no segments
    /// of their own (the rules take their segments from them), not all.
    pub(crate) fn rule_needs(&self, p: &Project) -> Result<Vec<Need>> {
        let wanted: Vec<String> = p
            .commitments
            .iter()
            .filter(|c| c.segment_ids.is_empty())
            .flat_map(|c| c.need_ids.iter().cloned())
            .collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let nids = needs::nids_of(self.db(), &[], &wanted)?;
        needs::by_nids(self.db(), &nids)
    }
}

/// The planning rules' warnings on `p`, given the needs they read ([`Store::rule_needs`]):
/// no store is needed, so they run without holding it.
pub(crate) fn rule_warnings_with(
    p: &mut Project,
    rule_needs: Vec<Need>,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Vec<Warning> {
    let needs = std::mem::replace(&mut p.needs, rule_needs);
    let w = checks::check_without_needs_rules(p, today, lang);
    p.needs = needs;
    w
}
