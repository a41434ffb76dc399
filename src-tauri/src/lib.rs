//! The desktop shell: Tauri setup, app state and the typed commands the webview calls.
//!
//! The shell is thin: each command parses its arguments, calls the core, and returns the
//! core's `{code, message}` error unchanged; every command that touches the project or a
//! file is async, so it runs off the main thread. The webview never sends SQL and never names
//! a file path; paths come from native dialogs opened here.

mod command_map;
mod commands;
mod live;
mod memory;
mod navigation;
mod settings;
mod state;
mod windows;

use std::path::PathBuf;

use medskapa_core::store::Location;
use tauri::{Manager, WindowEvent};

pub use state::{AppState, Here};

/// Every command the webview may call, declared once. The handler list and the
/// TypeScript call map (`ui/src/lib/commands.ts`, written by `make bindings` and checked by
/// a test) both come from this list; another test checks that each entry's arguments are
/// the command function's own.
macro_rules! commands {
    ($( $area:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {
        /// Add the app's commands and plugins to `base` (shared with the command tests).
        pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>) -> tauri::Builder<R> {
            base.plugin(tauri_plugin_dialog::init())
                .plugin(navigation::guard())
                .invoke_handler(tauri::generate_handler![$(commands::$area::$name),*])
        }

        /// Each command: its name, its arguments (name, Rust type) and its result type.
        pub const COMMANDS: &[command_map::Command] = &[$(
            command_map::Command {
                area: stringify!($area),
                name: stringify!($name),
                args: &[$((stringify!($arg), stringify!($ty))),*],
                result: stringify!($ret),
            }
        ),*];
    };
}

commands! {
    project::app_info() -> AppInfo;
    project::startup_error() -> Option<CoreError>;
    project::new_project(name: String) -> Option<ProjectSummary>;
    project::open_project() -> Option<ProjectSummary>;
    project::open_recent(index: u32) -> ProjectSummary;
    project::open_shared(address: String, password: Option<String>) -> ProjectSummary;
    project::reconnect() -> ProjectSummary;
    project::open_demo() -> ProjectSummary;
    project::close_project() -> ();
    project::set_lang(lang: Lang) -> ();
    project::save_project_info(info: ProjectInfo) -> ProjectSummary;
    project::project_data() -> ProjectRows;
    planning::check() -> Vec<Warning>;
    planning::overview() -> Overview;
    planning::representation(decision_id: Option<String>, key_question_id: Option<String>) -> Reach;
    planning::save_decision(decision: Decision) -> Decision;
    planning::decision_for_edit(id: String) -> Based<Decision>;
    planning::save_decision_from(decision: Decision, base: Option<Based<Decision>>) -> Saved<Decision>;
    planning::delete_decision(id: String, questions: QuestionsOnDelete) -> ();
    planning::save_key_question(question: KeyQuestion) -> KeyQuestion;
    planning::key_question_for_edit(id: String) -> Based<KeyQuestion>;
    planning::save_key_question_from(question: KeyQuestion, base: Option<Based<KeyQuestion>>) -> Saved<KeyQuestion>;
    planning::delete_key_question(id: String) -> ();
    planning::ladder() -> Vec<LadderLevel>;
    planning::save_ladder(levels: Vec<LadderLevel>) -> Vec<LadderLevel>;
    planning::render_markdown(src: String) -> String;
    planning::save_activity(activity: Activity) -> Activity;
    planning::activity_for_edit(id: String) -> Based<Activity>;
    planning::save_activity_from(activity: Activity, base: Option<Based<Activity>>) -> Saved<Activity>;
    planning::delete_activity(id: String) -> ();
    planning::duplicate_activity(id: String) -> Activity;
    planning::reach_page(from: Option<u32>) -> ReachPage;
    planning::activities_page(filter: ActivityFilter, offset: u32, limit: u32, show: Option<String>) -> ActivitiesPage;
    planning::activities_by_ids(ids: Vec<String>) -> Vec<ActivityRow>;
    timeline::timeline_fonts(fonts: LabelFonts) -> ();
    timeline::timeline_view(params: TimelineParams, region: Option<TimelineRegion>, keep: Option<String>, open: Option<TimelineOpening>) -> TimelineView;
    timeline::timeline_find(params: TimelineParams, key: String) -> Option<TimelinePlace>;
    timeline::timeline_step(params: TimelineParams, key: String, forward: bool) -> Option<TimelinePlace>;
    timeline::timeline_cluster(params: TimelineParams, key: String) -> Vec<String>;
    timeline::timeline_list(params: TimelineParams, from: Option<u32>, to: Option<u32>) -> TimelineList;
    planning::find_activities(text: String, limit: u32) -> ActivityChoices;
    planning::activity_choice(id: String) -> Option<ActivityChoice>;
    planning::find_questions(text: String, limit: u32) -> QuestionChoices;
    planning::question_choice(id: String) -> Option<QuestionChoice>;
    planning::save_segment(segment: Segment) -> Segment;
    planning::segment_for_edit(id: String) -> Based<Segment>;
    planning::save_segment_from(segment: Segment, base: Option<Based<Segment>>) -> Saved<Segment>;
    planning::delete_segment(id: String, force: bool) -> ();
    planning::merge_segments(from: String, into: String) -> ();
    planning::segment_usage(id: String) -> SegmentUsage;
    planning::segment_uses() -> Vec<SegmentUse>;
    commitments::list_commitments() -> Vec<FollowUpRow>;
    commitments::commitment_for_edit(id: String) -> Based<Commitment>;
    commitments::save_commitment(commitment: Commitment) -> Commitment;
    commitments::save_commitment_from(commitment: Commitment, base: Option<Based<Commitment>>) -> Saved<Commitment>;
    commitments::delete_commitment(id: String) -> ();
    commitments::set_commitment_status(id: String, status: CommitmentStatus, on: Option<String>, note: String) -> Saved<Commitment>;
    commitments::commitment_from_insight(insight_id: String) -> Commitment;
    needs::save_tag(tag: Tag) -> Tag;
    needs::tag_for_edit(id: String) -> Based<Tag>;
    needs::save_tag_from(tag: Tag, base: Option<Based<Tag>>) -> Saved<Tag>;
    needs::delete_tag(id: String) -> ();
    needs::merge_tags(from: String, into: String) -> ();
    needs::tag_usage(id: String) -> u32;
    needs::needs_page(filter: NeedFilter, offset: u32, limit: u32) -> NeedsPage;
    needs::tag_counts(filter: NeedFilter) -> Vec<TagCount>;
    needs::save_need(need: Need) -> Need;
    needs::need_for_edit(id: String) -> Based<Need>;
    needs::save_need_from(need: Need, base: Option<Based<Need>>) -> Saved<Need>;
    needs::delete_needs(ids: Vec<String>) -> usize;
    needs::tag_needs(ids: Vec<String>, tag_id: String, add: bool) -> usize;
    needs::save_insight(insight: Insight) -> Insight;
    needs::insight_for_edit(id: String) -> Based<Insight>;
    needs::save_insight_from(insight: Insight, base: Option<Based<Insight>>) -> Saved<Insight>;
    needs::delete_insight(id: String) -> ();
    needs::tag_segment_matrix(filter: NeedFilter) -> Vec<MatrixCell>;
    needs::needs_by_ids(ids: Vec<String>) -> Vec<NeedRow>;
    needs::undo() -> Option<UndoResult>;
    needs::peek_undo() -> Option<UndoResult>;
    briefs::brief_preview(request: BriefRequest) -> String;
    briefs::export_brief(request: BriefRequest, allow_personal_data: bool) -> Option<String>;
    briefs::export_brief_html(request: BriefRequest, allow_personal_data: bool) -> Option<String>;
    briefs::export_feedback(activity_id: String, lang: Lang, allow_personal_data: bool) -> Option<String>;
    briefs::personal_data_in(text: String) -> Vec<TextFinding>;
    briefs::personal_data_in_export(scope: ExportScope) -> Vec<PersonalDataFinding>;
    data::pick_import_table() -> Option<TablePreview>;
    data::preview_need_import(mapping: NeedMapping) -> ImportPreview;
    data::import_needs(mapping: NeedMapping, activity_id: String) -> ImportReport;
    data::export_sheet(what: SheetContent, format: SheetFormat, allow_personal_data: bool) -> Option<String>;
    data::export_json(allow_personal_data: bool) -> Option<String>;
    data::import_json() -> Option<ProjectSummary>;
    data::save_copy() -> Option<String>;
    data::list_backups() -> Vec<BackupInfo>;
    data::restore_backup(index: u32) -> Option<ProjectSummary>;
    people::stamps(kind: EntityKind, ids: Vec<String>) -> Vec<Stamp>;
    people::open_conflicts() -> Vec<Conflict>;
    people::conflicts_of(kind: EntityKind, id: String) -> Vec<Conflict>;
    people::resolve_conflict(id: i64, value: serde_json::Value) -> ();
    people::display_name() -> String;
    people::set_display_name(name: String) -> ();
    ai::ai_status() -> AiStatus;
    ai::ai_cancel() -> ();
    ai::suggest_tags_for_text(text: String, exclude_tag_ids: Vec<String>) -> Vec<TagSuggestion>;
    ai::similar_needs_for_text(text: String, exclude_need_id: Option<String>, limit: u32) -> Vec<SimilarNeed>;
    ai::duplicate_pairs(limit: u32) -> Vec<DuplicatePair>;
    ai::merge_needs(keep_id: String, other_id: String) -> Need;
}

/// Run the GUI, on `project` (a file or a shared project's address) or else on the last
/// project used. When Medskapa already runs (with the same settings), this launch hands
/// `project` to it instead and exits: it opens there in a window of its own.
pub fn run(project: Option<PathBuf>) {
    #[cfg(target_os = "linux")]
    paint_on_the_cpu();
    let context = tauri::generate_context!();
    // First, so a second launch hands over before anything else is set up.
    let instance = windows::instance_id(&context.config().identifier);
    let mut app = tauri::Builder::<tauri::Wry>::new();
    if windows::may_hand_over(&instance) {
        let single = tauri_plugin_single_instance::Builder::new()
            .dbus_id(instance)
            .callback(|app, argv, cwd| windows::second_launch(app, &argv, &cwd))
            .build();
        app = app.plugin(single);
    } else {
        eprintln!(
            "medskapa: an earlier Medskapa, stopped but not yet gone, does not answer; \
             this one starts without taking over later launches"
        );
    }
    let result = builder(app)
        .on_window_event(|window, event| {
            let Some(state) = window.try_state::<AppState>() else {
                return;
            };
            match event {
                // The window's project closes with it: its file is free again.
                WindowEvent::Destroyed => state.window_closed(window.label()),
                WindowEvent::Focused(true) => state.focused(window.label()),
                _ => {}
            }
        })
        .setup(move |app| {
            let caches = app.handle().clone();
            memory::start(move || {
                caches
                    .try_state::<AppState>()
                    .is_none_or(|state| state.let_go_of_caches())
            });
            let state = AppState::load(app.handle())?;
            app.manage(state);
            let handle = app.handle().clone();
            let st = app.state::<AppState>();
            st.focused(windows::MAIN);
            let target = project
                .map(|p| Location::of(&p))
                .or_else(|| st.last_project());
            if let Some(location) = target {
                st.here(windows::MAIN).open_at_start(&handle, &location);
            }
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("medskapa: cannot start the window: {e}");
        std::process::exit(1);
    }
}

/// WebKitGTK paints the page with OpenGL by default. Where there is no GPU (a virtual
/// desktop, a remote session, a virtual machine) that OpenGL is emulated on the CPU, and the
/// views, which are text, lists and a few shapes, were painted several times slower that way
/// than by WebKit's own CPU painter: Beslutsunderlag's preview 1.2 s against 0.27 s, Dialoger
/// 0.35 s against 0.05 s on the demo project. So the CPU painter is the default here; whoever
/// wants the GPU's sets `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0`.
///
/// Nor are the painted layers composited through OpenGL: without a GPU that compositing held
/// about 110 MB of the web process at 100,000 needs (259 MB after every view instead of 370),
/// and the views drew as fast or faster without it but for the timeline's first drawing
/// (126 ms against 84). Whoever wants it sets `WEBKIT_DISABLE_COMPOSITING_MODE=0`.
#[cfg(target_os = "linux")]
fn paint_on_the_cpu() {
    // Before any thread starts: nothing else reads or writes the environment yet.
    for var in [
        "WEBKIT_SKIA_ENABLE_CPU_RENDERING",
        "WEBKIT_DISABLE_COMPOSITING_MODE",
    ] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
}

#[cfg(test)]
mod tests;
