//! The typed commands the webview calls, by area. Each is parse → app/store → `{code, message}`;
//! every command that touches the project or a file is async, so it runs off the main thread.
//! `lib.rs` declares them all once.

pub mod ai;
pub mod briefs;
pub mod commitments;
pub mod data;
pub mod needs;
pub mod people;
pub mod planning;
pub mod project;
pub mod timeline;

use std::path::PathBuf;

use medskapa_core::app::briefs::BriefRequest;
use medskapa_core::app::export::{SheetContent, SheetFormat};
use medskapa_core::app::file_names;
use medskapa_core::app::import_needs::{ImportPreview, ImportReport, NeedMapping};
use medskapa_core::app::overview::{self, AppInfo, Overview, ProjectSummary, RecentProject};
use medskapa_core::domain::checks::Warning;
use medskapa_core::domain::ladder::LadderLevel;
use medskapa_core::domain::model::*;
use medskapa_core::domain::reach::ReachPage;
use medskapa_core::domain::representation::Reach;
use medskapa_core::formats::table::TablePreview;
use medskapa_core::store::backup::BackupInfo;
use medskapa_core::store::dialogues::{ActivitiesPage, ActivityFilter};
use medskapa_core::store::merge::{Based, Saved};
use medskapa_core::store::pickers::{
    ActivityChoice, ActivityChoices, QuestionChoice, QuestionChoices,
};
use medskapa_core::store::search::{MatrixCell, NeedFilter, NeedRow, NeedsPage, TagCount};
use medskapa_core::store::undo::UndoResult;
use medskapa_core::store::{Location, Store};
use medskapa_core::support::error::{Context, CoreError, ErrorCode, Result};
use medskapa_core::support::lang::Lang;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::state::Here;

const EXT: &str = file_names::PROJECT_EXT;

/// Ask for a file with a native dialog: to save (with a suggested name) or to open.
pub(crate) async fn dialog_path<R: Runtime>(
    app: &AppHandle<R>,
    filters: &[(&str, &[&str])],
    save_as: Option<String>,
) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file();
    for (name, exts) in filters {
        dialog = dialog.add_filter(*name, exts);
    }
    match save_as {
        Some(name) => dialog.set_file_name(name).save_file(move |p| {
            let _ = tx.send(p);
        }),
        None => dialog.pick_file(move |p| {
            let _ = tx.send(p);
        }),
    }
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// A path's file name, as messages and the window show it.
pub(crate) fn name_of(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The open project's summary, as commands that open one return it.
pub(crate) fn summary(state: &Here<'_>) -> Result<ProjectSummary> {
    state.with(|s| overview::summary(s))
}
