//! The desktop shell: Tauri setup, app state and the typed commands the webview calls.
//!
//! The shell is thin: each command parses its arguments, calls the core, and returns the
//! core's `{code, message}` error unchanged; every command that touches the project or a
//! file is async, so it runs off the main thread. The webview never sends SQL and never names
//! a file path; paths come from native dialogs opened here.

pub mod cli;
mod command_map;
mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

pub use state::AppState;

/// Every command the webview may call, declared once. The handler list and the
/// TypeScript call map (`ui/src/lib/commands.ts`, written by `make bindings` and checked by
/// a test) both come from this list; another test checks that each entry's arguments are
/// the command function's own.
macro_rules! commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {
        /// Add the app's commands and plugins to `base` (shared with the command tests).
        pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
            base.plugin(tauri_plugin_dialog::init())
                .invoke_handler(tauri::generate_handler![$(commands::$name),*])
        }

        /// Each command: its name, its arguments (name, Rust type) and its result type.
        pub const COMMANDS: &[command_map::Command] = &[$(
            command_map::Command {
                name: stringify!($name),
                args: &[$((stringify!($arg), stringify!($ty))),*],
                result: stringify!($ret),
            }
        ),*];
    };
}

commands! {
    app_info() -> AppInfo;
    startup_error() -> Option<CoreError>;
    new_project(name: String) -> Option<ProjectSummary>;
    open_project() -> Option<ProjectSummary>;
    open_recent(index: u32) -> ProjectSummary;
    open_demo() -> ProjectSummary;
    close_project() -> ();
    set_lang(lang: Lang) -> ();
    save_project_info(info: ProjectInfo) -> ProjectSummary;
    project_data() -> Project;
    check() -> Vec<Warning>;
    overview() -> Overview;
    save_decision(decision: Decision) -> Decision;
    delete_decision(id: String, questions: QuestionsOnDelete) -> ();
    save_key_question(question: KeyQuestion) -> KeyQuestion;
    delete_key_question(id: String) -> ();
    ladder() -> Vec<LadderLevel>;
    save_ladder(levels: Vec<LadderLevel>) -> Vec<LadderLevel>;
    render_markdown(src: String) -> String;
    save_activity(activity: Activity) -> Activity;
    delete_activity(id: String) -> ();
    duplicate_activity(id: String) -> Activity;
    save_segment(segment: Segment) -> Segment;
    delete_segment(id: String, force: bool) -> ();
    merge_segments(from: String, into: String) -> ();
    segment_usage(id: String) -> SegmentUsage;
    save_tag(tag: Tag) -> Tag;
    delete_tag(id: String) -> ();
    merge_tags(from: String, into: String) -> ();
    tag_usage(id: String) -> u32;
    needs_page(filter: NeedFilter, offset: u32, limit: u32) -> NeedsPage;
    tag_counts(filter: NeedFilter) -> Vec<TagCount>;
    save_need(need: Need) -> Need;
    delete_needs(ids: Vec<String>) -> usize;
    tag_needs(ids: Vec<String>, tag_id: String, add: bool) -> usize;
    save_insight(insight: Insight) -> Insight;
    delete_insight(id: String) -> ();
    brief_preview(request: BriefRequest) -> String;
    export_brief(request: BriefRequest) -> Option<String>;
    export_feedback(activity_id: String, lang: Lang) -> Option<String>;
    tag_segment_matrix(filter: NeedFilter) -> Vec<MatrixCell>;
    needs_by_ids(ids: Vec<String>) -> Vec<NeedRow>;
    undo() -> Option<UndoResult>;
    peek_undo() -> Option<UndoResult>;
    pick_import_table() -> Option<TablePreview>;
    preview_need_import(mapping: NeedMapping) -> ImportPreview;
    import_needs(mapping: NeedMapping, activity_id: String) -> ImportReport;
    export_sheet(what: SheetContent, format: SheetFormat) -> Option<String>;
    export_json() -> Option<String>;
    import_json() -> Option<ProjectSummary>;
    save_copy() -> Option<String>;
    list_backups() -> Vec<BackupInfo>;
    restore_backup(index: u32) -> Option<ProjectSummary>;
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
