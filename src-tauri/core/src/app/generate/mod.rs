//! A large synthetic project for benchmarks: `medskapa generate FILE --needs N …`.
//!
//! The output depends only on the arguments. Randomness comes from a small SplitMix64
//! generator of our own (no crate: its sequence can never change under us with a
//! dependency update), and every weight is an integer, so no floating-point rounding can
//! make two machines disagree. Ids are shaped like the UUID v7 ids the app creates (a
//! rising millisecond stamp, then random bits), so indexes hold keys of realistic length
//! and creation order is id order, as in a real project.
//!
//! The shape follows the Helsingborg library case: the four insight themes at the top of
//! a three-level codebook whose use falls off like Zipf's law (a few tags carry most needs,
//! a long tail carries a few each), 8–12 segments of which two are priority, decisions
//! spread over 2025–2030, key questions dated before their decisions, activities before
//! the questions they inform, needs heard in held activities with an anonymous quote on
//! about a third, and insights whose evidence shares a tag; then a few commitments per
//! decision, followed up to the reference date.
//!
//! The project is kept the way a well-run one is, so that the planning check finds
//! nothing in it by itself; then a few flaws of every kind the check knows are planted
//! (`flaws`), a number that grows with the logarithm of the size, not with the size: tens
//! of warnings at any size, as in a real project, and every rule exercised.
//!
//! | module | owns |
//! | --- | --- |
//! | `rng` | the random sequence, Zipf ranks, ids |
//! | `words` | the word lists and the sentences made from them |
//! | `frame` | effect goals, segments and the codebook |
//! | `plans` | decisions and key questions |
//! | `activities` | dialogue activities and who took part |
//! | `needs` | needs and the insights drawn from them |
//! | `follow_up` | the commitments made after decisions |
//! | `flaws` | the planted mistakes the planning check is to find |
//! | `brief` | one decision given a chosen number of needs, for measuring its brief |

mod activities;
mod brief;
mod flaws;
mod follow_up;
mod frame;
mod needs;
mod plans;
mod rng;
mod words;

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::model::*;
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

pub use brief::{busiest_decision, gather_needs};
use rng::Ids;
pub use rng::Rng;

/// The largest sizes `generate` accepts (a 2-million-need file is about 1 GB).
pub const MAX_NEEDS: u64 = 2_000_000;
pub const MAX_ACTIVITIES: u64 = 200_000;
pub const MAX_QUESTIONS: u64 = 50_000;
/// The most flaws of each kind `--flaws` may ask for.
pub const MAX_FLAWS: u64 = 1_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub needs: u64,
    pub activities: u64,
    pub questions: u64,
    pub seed: u64,
    /// How many flaws of each kind to plant; `None`: by size (see [`Self::flaw_level`]).
    pub flaws: Option<u64>,
}

impl GenerateOptions {
    /// The benchmark shape: N needs, N/10 activities, N/100 key questions.
    pub fn scaled(needs: u64, seed: u64) -> GenerateOptions {
        GenerateOptions {
            needs,
            activities: (needs / 10).max(2),
            questions: (needs / 100).max(5),
            seed,
            flaws: None,
        }
    }

    /// How many flaws of each kind are planted: `flaws` when given, else one below 10,000
    /// needs, two below 100,000, three below a million, four from there.
    pub fn flaw_level(&self) -> u64 {
        self.flaws.unwrap_or(match self.needs {
            0..=9_999 => 1,
            10_000..=99_999 => 2,
            100_000..=999_999 => 3,
            _ => 4,
        })
    }

    /// Refuse sizes out of range, naming the argument.
    pub fn check(&self) -> Result<()> {
        for (name, v, max) in [
            ("--needs", self.needs, MAX_NEEDS),
            ("--activities", self.activities, MAX_ACTIVITIES),
            ("--questions", self.questions, MAX_QUESTIONS),
            ("--flaws", self.flaws.unwrap_or(0), MAX_FLAWS),
        ] {
            if v > max {
                return Err(CoreError::invalid(format!(
                    "{name}: {v} is too many (at most {max})"
                )));
            }
        }
        Ok(())
    }
}

/// What every step draws on: the one random sequence (so the steps must run in the same
/// order every time), the id clock and the calendar.
struct Gen {
    rng: Rng,
    ids: Ids,
    /// The date the project is "seen from": activities before it have been held.
    reference: NaiveDate,
    /// The first day anything happens.
    start: NaiveDate,
    /// Days from `start` to the end of 2030.
    span_days: i64,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        let start = FIRST_DAY;
        Gen {
            rng: Rng::new(seed),
            // 2026-01-01T00:00:00Z in milliseconds: ids look like ones made during the project.
            ids: Ids {
                ms: 1_767_225_600_000,
            },
            reference: reference_date(),
            start,
            span_days: (LAST_DAY - start).num_days(),
        }
    }

    fn id(&mut self) -> String {
        self.ids.next(&mut self.rng)
    }
}

/// Build the project in memory. The same options give the same project, field by field.
pub fn generate(opts: &GenerateOptions) -> Project {
    let mut g = Gen::new(opts.seed);
    let mut p = Project {
        project: ProjectInfo {
            name: format!(
                "Nytt stadsbibliotek – syntetiskt ({} behov, frö {})",
                opts.needs, opts.seed
            ),
            description: "Genererat testprojekt för prestandamätningar. Texterna är påhittade \
                          men formade som i Helsingborgs projekt för ett nytt stadsbibliotek."
                .into(),
            ..ProjectInfo::default()
        },
        ..Project::default()
    };
    let goal_ids = frame::effect_goals(&mut g, &mut p);
    let level = opts.flaw_level();
    // From level 2 on, one priority segment is never reached.
    let segments = frame::segments(&mut g, &mut p, level >= 2);
    let popularity = frame::codebook(&mut g, &mut p);
    let decision_dates = plans::decisions(&mut g, &mut p, opts.questions);
    let deadlines =
        plans::key_questions(&mut g, &mut p, opts.questions, &decision_dates, &goal_ids);
    let held = activities::activities(&mut g, &mut p, opts, &deadlines, &segments);
    let tag_use = needs::needs(&mut g, &mut p, opts.needs, &held, &segments, &popularity);
    needs::insights(&mut g, &mut p, opts, &tag_use, &goal_ids);
    follow_up::commitments(&mut g, &mut p);
    flaws::plant(&mut g, &mut p, level, segments.unheard.as_deref());
    p.canonicalize();
    p
}

/// Generate and write a project file (one transaction; refuses an existing file).
pub fn generate_file(path: &Path, opts: &GenerateOptions) -> Result<Store> {
    opts.check()?;
    refuse_existing(path)?;
    Store::create_from(path, &generate(opts))
}

/// Generate and write a project file in which the decision with the most needs behind it
/// lists `brief_needs` needs in its brief ([`gather_needs`]); returns that decision's id.
pub fn generate_brief_file(
    path: &Path,
    opts: &GenerateOptions,
    brief_needs: usize,
) -> Result<String> {
    opts.check()?;
    refuse_existing(path)?;
    let mut project = generate(opts);
    let Some(decision) = busiest_decision(&project) else {
        // The generator always plans a few decisions; this names the case all the same.
        return Err(CoreError::invalid(
            "--brief-needs: the generated project has no decision",
        ));
    };
    gather_needs(&mut project, &decision, brief_needs);
    Store::create_from(path, &project)?;
    Ok(decision)
}

fn refuse_existing(path: &Path) -> Result<()> {
    if path.exists() {
        return Err(CoreError::of(
            ErrorCode::Exists,
            path.display(),
            "file already exists; choose another name",
        ));
    }
    Ok(())
}

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A date written in the source, checked when the program is compiled.
const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

/// The days the synthetic project's dates fall between.
const FIRST_DAY: NaiveDate = date(2025, 1, 1);
const LAST_DAY: NaiveDate = date(2030, 12, 31);

/// The date the synthetic project is "seen from": activities before it have been held.
fn reference_date() -> NaiveDate {
    date(2027, 3, 1)
}
