//! The window's preview of a brief draws at most a few hundred rows of a table and says how
//! many more the exported brief holds; the exported brief keeps every row.

use chrono::NaiveDate;
use medskapa_core::app::briefs::{
    brief_html_document, brief_model, cut_for_preview, preview_html, PREVIEW_ROWS,
};
use medskapa_core::app::generate::{generate, GenerateOptions};
use medskapa_core::documents::brief::{BriefTarget, Content, Lang};
use medskapa_core::domain::model::Project;
use medskapa_core::store::Store;
use std::path::Path;
use tempfile::tempdir;

fn rows_of(model: &medskapa_core::documents::brief::BriefModel) -> Vec<usize> {
    model
        .sections
        .iter()
        .flat_map(|s| &s.content)
        .filter_map(|c| match c {
            Content::Table { table } => Some(table.rows.len()),
            _ => None,
        })
        .collect()
}

fn notes_of(model: &medskapa_core::documents::brief::BriefModel) -> Vec<String> {
    model
        .sections
        .iter()
        .flat_map(|s| &s.content)
        .filter_map(|c| match c {
            Content::Note { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The day the briefs here are made on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a day")
}

/// A generated project of 3,000 needs, stored in `dir`.
fn generated(dir: &Path) -> (Project, Store) {
    let project = generate(&GenerateOptions::scaled(3_000, 11));
    let store = Store::create_from(&dir.join("p.medskapa"), &project).expect("store");
    (project, store)
}

#[test]
fn a_long_appendix_is_cut_in_the_preview_with_a_note_of_what_is_left_out() {
    let dir = tempdir().expect("tempdir");
    let (project, store) = generated(dir.path());
    let today = today();
    let longest = project
        .decisions
        .iter()
        .map(|d| {
            let target = BriefTarget::Decision(d.id.clone());
            let full = brief_model(&store, &target, Lang::Sv, today).expect("model");
            (rows_of(&full).into_iter().max().unwrap_or(0), target, full)
        })
        .max_by_key(|(n, _, _)| *n)
        .expect("decisions");
    let (most, target, full) = longest;
    assert!(
        most > PREVIEW_ROWS,
        "a decision of 3,000 needs has a long appendix ({most} rows)"
    );

    let mut cut = full.clone();
    cut_for_preview(&mut cut, PREVIEW_ROWS);
    assert!(
        rows_of(&cut).iter().all(|&n| n <= PREVIEW_ROWS),
        "no table longer than the preview's"
    );
    let left = most - PREVIEW_ROWS;
    let said = format!(
        "Ytterligare {} rader",
        medskapa_core::support::lang::number(Lang::Sv, left as i128)
    );
    assert!(
        notes_of(&cut).iter().any(|n| n.contains(&said)),
        "the preview says {said:?}: {:?}",
        notes_of(&cut)
    );
    // The preview the window gets is cut; the exported web page is whole.
    let preview = preview_html(brief_model(&store, &target, Lang::Sv, today).expect("model"));
    let page = brief_html_document(&store, &target, Lang::Sv, today).expect("page");
    assert!(preview.contains(&said));
    assert!(!page.contains(&said));
    assert!(page.matches("<tr").count() >= preview.matches("<tr").count() + left);
}

#[test]
fn a_short_table_is_left_whole_and_unremarked() {
    let dir = tempdir().expect("tempdir");
    let store = crate::support::demo_store(dir.path());
    let project = store.load_project().expect("load");
    let today = today();
    let target = BriefTarget::Decision(project.decisions[0].id.clone());
    let full = brief_model(&store, &target, Lang::Sv, today).expect("model");
    let mut cut = full.clone();
    cut_for_preview(&mut cut, PREVIEW_ROWS);
    assert_eq!(
        cut, full,
        "a brief with short tables is the same in the preview"
    );
}

/// The brief reads its warnings from the rules alone, without the scans over every need's
/// words and tags: it must show exactly what it showed when it was given every warning.
#[test]
fn a_brief_shows_the_same_warnings_as_from_the_whole_planning_check() {
    use medskapa_core::documents::brief::build_brief_with_ladder;
    use medskapa_core::domain::checks::WarningCode;
    let dir = tempdir().expect("tempdir");
    let (project, store) = generated(dir.path());
    let today = today();
    let all = store.planning_warnings(today, Lang::Sv).expect("check");
    assert!(
        all.iter().any(|w| w.code == WarningCode::UntaggedNeeds),
        "the whole check has a warning about the needs themselves, which briefs leave out"
    );
    let ladder = store.ladder().expect("ladder");
    let seen = |w: &[medskapa_core::documents::brief::BriefWarning]| -> Vec<(WarningCode, String)> {
        w.iter().map(|x| (x.code, x.message.clone())).collect()
    };
    let mut shown = 0;
    for d in &project.decisions {
        let target = BriefTarget::Decision(d.id.clone());
        let brief = brief_model(&store, &target, Lang::Sv, today).expect("model");
        let p = store.load_project_for_brief(&target).expect("read");
        let given_all =
            build_brief_with_ladder(&p, &target, Lang::Sv, today, &all, &ladder).expect("built");
        assert_eq!(
            seen(&brief.warnings),
            seen(&given_all.warnings),
            "{}",
            d.title
        );
        shown += brief.warnings.len();
    }
    assert!(shown > 0, "some brief shows a warning");
}
