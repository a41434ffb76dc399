//! The project as the window first shows it: its summary, the app's state, and the
//! Översikt read model.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::checks::{feedback_overdue_days, parse_date};
use crate::domain::model::*;
use crate::store::{Location, Store};
use crate::support::error::Result;
use crate::support::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProjectSummary {
    pub name: String,
    /// The file's name; for a shared project, the database's.
    pub file_name: String,
    pub read_only: bool,
    /// The project is on a server (shared with the group), not in a file.
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentProject {
    pub index: u32,
    /// The project's name; for a shared project, its database's (known without connecting).
    pub name: String,
    /// The file's name; for a shared project, the database's.
    pub file_name: String,
    /// The file's folder; for a shared project, the server's address (never with a password).
    pub folder: String,
    /// The project is on a server (shared with the group), not in a file.
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub project: Option<ProjectSummary>,
    pub recent: Vec<RecentProject>,
    /// A shared project the app was asked to open, waiting for the password its server
    /// asks for (its address, never with a password).
    pub needs_password: Option<String>,
    pub lang: Lang,
    /// The app's date (`YYYY-MM-DD`): what planning checks compare against.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DecisionReadiness {
    pub decision: Decision,
    pub answered: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    pub next_decisions: Vec<DecisionReadiness>,
    pub activities_held: u32,
    pub activities_planned: u32,
    pub needs: u32,
    pub insights: u32,
    pub upcoming_activities: Vec<Activity>,
    pub overdue_feedback: Vec<Activity>,
}

/// The project's name and file (or database), as the header shows them.
pub fn summary(store: &Store) -> Result<ProjectSummary> {
    let (file_name, shared) = match store.location() {
        Location::File(path) => (
            path.file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default(),
            false,
        ),
        Location::Server(address) => (crate::store::server::database_name(address), true),
    };
    Ok(ProjectSummary {
        name: store.project_info()?.name,
        file_name,
        read_only: store.read_only(),
        shared,
    })
}

/// The Översikt read model for `today`.
pub fn overview(store: &Store, today: NaiveDate) -> Result<Overview> {
    let p = store.load_project_shallow()?;
    let mut next: Vec<DecisionReadiness> = p
        .decisions
        .iter()
        .filter(|d| d.status == DecisionStatus::Planned)
        .map(|d| {
            let qs: Vec<&KeyQuestion> = p
                .key_questions
                .iter()
                .filter(|q| q.decision_id.as_deref() == Some(d.id.as_str()))
                .collect();
            DecisionReadiness {
                decision: d.clone(),
                answered: qs
                    .iter()
                    .filter(|q| q.status == QuestionStatus::Answered)
                    .count() as u32,
                total: qs.len() as u32,
            }
        })
        .collect();
    next.sort_by(|a, b| {
        (
            a.decision.decision_date.is_none(),
            &a.decision.decision_date,
            &a.decision.id,
        )
            .cmp(&(
                b.decision.decision_date.is_none(),
                &b.decision.decision_date,
                &b.decision.id,
            ))
    });
    next.truncate(5);
    let held = p
        .activities
        .iter()
        .filter(|a| a.status != ActivityStatus::Planned)
        .count() as u32;
    let planned = p.activities.len() as u32 - held;
    let mut upcoming: Vec<Activity> = p
        .activities
        .iter()
        .filter(|a| {
            a.status == ActivityStatus::Planned
                && a.starts_at
                    .as_deref()
                    .and_then(parse_date)
                    .is_none_or(|d| d >= today)
        })
        .cloned()
        .collect();
    upcoming.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    upcoming.truncate(5);
    // Only the one rule: the others (personal data among them, which reads every need's
    // text) are for the warnings' list.
    let mut overdue: Vec<Activity> = p
        .activities
        .iter()
        .filter(|a| feedback_overdue_days(a, today).is_some())
        .cloned()
        .collect();
    overdue.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    Ok(Overview {
        next_decisions: next,
        activities_held: held,
        activities_planned: planned,
        needs: store.need_count()?,
        insights: p.insights.len() as u32,
        upcoming_activities: upcoming,
        overdue_feedback: overdue,
    })
}
