//! The desktop shell: Tauri setup, app state and the typed commands the webview calls.
//!
//! The shell is thin: each command parses its arguments, calls the core, and returns the
//! core's `{code, message}` error unchanged. The webview never sends SQL and never names
//! a file path; paths come from native dialogs opened here.

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

pub use state::AppState;

/// Add the app's commands and plugins to `base` (shared with the command tests).
pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
    base.plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::startup_error,
            commands::new_project,
            commands::open_project,
            commands::open_recent,
            commands::open_demo,
            commands::close_project,
            commands::set_lang,
            commands::save_project_info,
            commands::project_data,
            commands::check,
            commands::overview,
            commands::save_decision,
            commands::delete_decision,
            commands::save_key_question,
            commands::delete_key_question,
            commands::ladder,
            commands::save_ladder,
            commands::render_markdown,
            commands::save_activity,
            commands::delete_activity,
            commands::duplicate_activity,
            commands::save_segment,
            commands::delete_segment,
            commands::merge_segments,
            commands::segment_usage,
            commands::save_tag,
            commands::delete_tag,
            commands::merge_tags,
            commands::tag_usage,
            commands::needs_page,
            commands::tag_counts,
            commands::save_need,
            commands::delete_needs,
            commands::tag_needs,
            commands::save_insight,
            commands::delete_insight,
            commands::brief_preview,
            commands::export_brief,
            commands::export_feedback,
            commands::tag_segment_matrix,
            commands::needs_by_ids,
            commands::undo,
            commands::peek_undo,
            commands::pick_import_table,
            commands::preview_need_import,
            commands::import_needs,
            commands::export_sheet,
            commands::export_json,
            commands::import_json,
            commands::save_copy,
            commands::list_backups,
            commands::restore_backup,
        ])
}

/// Run the GUI, on `file` or else on the last project used.
pub fn run(file: Option<PathBuf>) {
    let result = builder(tauri::Builder::<tauri::Wry>::new())
        .setup(move |app| {
            let state = AppState::load(app.handle())?;
            app.manage(state);
            let handle = app.handle().clone();
            let st = app.state::<AppState>();
            let target = file.or_else(|| st.last_project());
            if let Some(path) = target {
                if let Err(e) = st.open(&handle, &path) {
                    st.set_startup_error(e);
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("medskapa: cannot start the window: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests;
