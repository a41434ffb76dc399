//! Dialogue activities: each informs one to three key questions and is held before the
//! earliest of their deadlines. Every question has an activity (when there are as many
//! activities as questions); a question residents cannot influence is met only with
//! information meetings, and never shares an activity with one they can.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::frame::Segments;
use super::words::{AREAS, GROUPS, METHOD_SV, PLACES, STAFF, THINGS};
use super::{date_str, Gen, GenerateOptions};
use crate::domain::checks::FEEDBACK_DAYS;
use crate::domain::model::*;

/// The activities; returns the indexes of those already held, where needs are heard.
pub(super) fn activities(
    g: &mut Gen,
    p: &mut Project,
    opts: &GenerateOptions,
    deadlines: &[NaiveDate],
    segments: &Segments,
) -> Vec<usize> {
    let mut held: Vec<usize> = Vec::new();
    let method_weights: Vec<u64> = METHOD_SV.iter().map(|m| m.2).collect();
    // Methods that let residents talk back, for the first activity of a question they
    // can influence (so that no such question is served by surveys alone).
    let two_way_weights: Vec<u64> = METHOD_SV
        .iter()
        .map(|m| if one_way(m.0) { 0 } else { m.2 })
        .collect();
    for k in 0..opts.activities {
        let qs = informed_questions(g, p, k, opts.questions);
        let day = activity_day(g, &qs, deadlines);
        let level = qs.first().map(|&q| p.key_questions[q].influence_level);
        let m = match level {
            Some(InfluenceLevel::Inform) => INFORMATION,
            Some(InfluenceLevel::Influence | InfluenceLevel::Codetermine) if k < opts.questions => {
                g.rng.weighted(&two_way_weights)
            }
            _ => g.rng.weighted(&method_weights),
        };
        let (method, method_name, _) = METHOD_SV[m];
        let (starts, ends) = activity_times(g, day);
        // Residents hear back within the feedback period: only the latest are still
        // waiting.
        let status = if day >= g.reference {
            ActivityStatus::Planned
        } else if (g.reference - day).num_days() > FEEDBACK_DAYS || g.rng.percent(50) {
            ActivityStatus::ReportedBack
        } else {
            ActivityStatus::Held
        };
        let mut participants: Vec<Participants> = Vec::new();
        if status != ActivityStatus::Planned {
            participants = turnout(g, method, segments);
            held.push(k as usize);
        }
        let organisers = organisers(g);
        let place = *g.rng.pick(PLACES);
        let area = *g.rng.pick(AREAS);
        let rng = &mut g.rng;
        p.activities.push(Activity {
            id: g.ids.next(rng),
            title: format!("{method_name} om {area}, {place}"),
            method,
            starts_at: Some(starts.format("%Y-%m-%dT%H:%M").to_string()),
            ends_at: if rng.percent(80) {
                Some(ends.format("%Y-%m-%dT%H:%M").to_string())
            } else {
                None
            },
            place: place.into(),
            organisers,
            status,
            key_question_ids: qs.iter().map(|&q| p.key_questions[q].id.clone()).collect(),
            participants,
            notes: if status == ActivityStatus::Planned {
                format!("Bjud in {} i god tid.", rng.pick(GROUPS))
            } else {
                format!("Många pratade om {}.", rng.pick(THINGS))
            },
            feedback: if status == ActivityStatus::ReportedBack {
                format!(
                    "Ni sa att ni vill ha {}; vi tar med det i {}.",
                    rng.pick(THINGS),
                    rng.pick(AREAS)
                )
            } else {
                String::new()
            },
            feedback_given_on: if status == ActivityStatus::ReportedBack {
                Some(date_str(
                    (day + Duration::days(rng.range(7, 40))).min(g.reference),
                ))
            } else {
                None
            },
        });
    }
    held
}

/// The index of the information meeting in `METHOD_SV`.
const INFORMATION: usize = 7;

/// Methods that only ask or tell (as the planning check counts them).
fn one_way(m: Method) -> bool {
    matches!(m, Method::Survey | Method::Digital | Method::Information)
}

/// The key questions activity `k` informs: usually one to three, sometimes none. The
/// first activities take the questions in turn, so that each has one; the others draw
/// them. Questions residents cannot influence are not mixed with ones they can.
fn informed_questions(g: &mut Gen, p: &Project, k: u64, questions: u64) -> Vec<usize> {
    let mut qs: Vec<usize> = Vec::new();
    if questions == 0 || (k >= questions && !g.rng.percent(95)) {
        return qs;
    }
    let inform = |q: usize| p.key_questions[q].influence_level == InfluenceLevel::Inform;
    for i in 0..g.rng.weighted(&[0, 60, 30, 10]) {
        let q = if i == 0 && k < questions {
            k as usize
        } else {
            g.rng.below(questions) as usize
        };
        if !qs.contains(&q) && qs.first().is_none_or(|&f| inform(f) == inform(q)) {
            qs.push(q);
        }
    }
    qs
}

/// Weeks or months before the earliest deadline of its questions.
fn activity_day(g: &mut Gen, qs: &[usize], deadlines: &[NaiveDate]) -> NaiveDate {
    let anchor = qs
        .iter()
        .map(|&q| deadlines[q])
        .min()
        .unwrap_or_else(|| g.start + Duration::days(g.rng.below(g.span_days as u64) as i64));
    anchor - Duration::days(g.rng.range(5, 150))
}

/// Daytime or evening, on the hour or half past, one to three hours long.
fn activity_times(g: &mut Gen, day: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let hour = g.rng.range(9, 19);
    let minute = if g.rng.percent(50) { 0 } else { 30 };
    let starts = day.and_time(NaiveTime::MIN) + Duration::minutes(hour * 60 + minute);
    let ends = starts + Duration::minutes(60 * g.rng.range(1, 3));
    (starts, ends)
}

/// Who came: up to four segments, by how often each is heard; surveys reach more.
fn turnout(g: &mut Gen, method: Method, segments: &Segments) -> Vec<Participants> {
    let mut participants: Vec<Participants> = Vec::new();
    for _ in 0..g.rng.range(1, 4) {
        let s = g.rng.weighted(&segments.weights);
        let id = &segments.ids[s];
        if !participants.iter().any(|pt| &pt.segment_id == id) {
            let count = if method == Method::Survey {
                g.rng.range(20, 400)
            } else {
                g.rng.range(2, 40)
            };
            participants.push(Participants {
                segment_id: id.clone(),
                count: count as u32,
            });
        }
    }
    participants
}

/// One to three staff members, each named once.
fn organisers(g: &mut Gen) -> String {
    let staff_n = g.rng.range(1, 3) as usize;
    let organisers: Vec<&str> = (0..staff_n).map(|_| *g.rng.pick(STAFF)).collect();
    let mut organisers_uniq: Vec<&str> = Vec::new();
    for o in organisers {
        if !organisers_uniq.contains(&o) {
            organisers_uniq.push(o);
        }
    }
    organisers_uniq.join(", ")
}
