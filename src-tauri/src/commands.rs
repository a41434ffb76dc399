//! The typed commands the webview calls. Each is parse → core → `{code, message}`.

use std::path::PathBuf;

use medskapa_core::api::{AppInfo, Overview, ProjectSummary, RecentProject};
use medskapa_core::checks::Warning;
use medskapa_core::edit::{LadderLevel, QuestionsOnDelete, SegmentUsage};
use medskapa_core::error::{CoreError, Result};
use medskapa_core::model::*;
use medskapa_core::query::{NeedFilter, NeedsPage, TagCount};
use medskapa_core::store::Store;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

const PROJECT_FILTER: &str = "Medskapa-projekt";
const EXT: &str = "medskapa";

fn summary(state: &AppState) -> Result<ProjectSummary> {
    state.with(|s| s.summary())
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let settings = state.settings()?;
    let project = summary(&state).ok();
    let recent = settings
        .recent
        .iter()
        .enumerate()
        .filter(|(_, p)| p.exists())
        .map(|(i, p)| RecentProject {
            index: i as u32,
            name: Store::open(p, Default::default())
                .and_then(|s| s.project_info())
                .map(|i| i.name)
                .unwrap_or_default(),
            file_name: p
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default(),
            folder: p
                .parent()
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    Ok(AppInfo {
        project,
        recent,
        lang: settings.lang,
        today: state.today.format("%Y-%m-%d").to_string(),
    })
}

#[tauri::command]
pub fn startup_error(state: State<'_, AppState>) -> Option<CoreError> {
    state.take_startup_error()
}

async fn pick<R: Runtime>(app: &AppHandle<R>, save: Option<String>) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let dialog = app.dialog().file().add_filter(PROJECT_FILTER, &[EXT]);
    match save {
        Some(name) => dialog
            .set_file_name(format!("{name}.{EXT}"))
            .save_file(move |p| {
                let _ = tx.send(p);
            }),
        None => dialog.pick_file(move |p| {
            let _ = tx.send(p);
        }),
    }
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

#[tauri::command]
pub async fn new_project<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<Option<ProjectSummary>> {
    let name = name.trim().to_string();
    if name.is_empty() {
        return Err(CoreError::field(
            "name",
            "required",
            "name: must not be empty",
        ));
    }
    let safe: String = name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    let Some(mut path) = pick(&app, Some(safe)).await else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(EXT);
    }
    if path.exists() {
        // The save dialog has already asked whether to replace it.
        std::fs::remove_file(&path).map_err(|e| {
            CoreError::new("io", format!("{}: cannot replace: {e}", path.display()))
        })?;
    }
    drop(Store::create(&path, &name)?);
    state.open(&app, &path)?;
    summary(&state).map(Some)
}

#[tauri::command]
pub async fn open_project<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ProjectSummary>> {
    let Some(path) = pick(&app, None).await else {
        return Ok(None);
    };
    state.open(&app, &path)?;
    summary(&state).map(Some)
}

#[tauri::command]
pub fn open_recent<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    index: u32,
) -> Result<ProjectSummary> {
    let path = state
        .settings()?
        .recent
        .get(index as usize)
        .cloned()
        .ok_or_else(|| CoreError::not_found("that recent project is no longer in the list"))?;
    state.open(&app, &path)?;
    summary(&state)
}

#[tauri::command]
pub fn open_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ProjectSummary> {
    let path = state.demo_path();
    if !path.exists() {
        std::fs::create_dir_all(state.data_dir())?;
        let project = medskapa_core::interchange::parse(medskapa_core::cli::DEMO_JSON)?;
        drop(Store::create_from(&path, &project)?);
    }
    state.open(&app, &path)?;
    summary(&state)
}

#[tauri::command]
pub fn close_project<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<()> {
    state.close(&app)
}

#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, lang: String) -> Result<()> {
    if lang != "sv" && lang != "en" {
        return Err(CoreError::invalid(format!(
            "lang: unknown language \"{lang}\""
        )));
    }
    state.update_settings(|s| s.lang = lang)
}

#[tauri::command]
pub fn save_project_info<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    info: ProjectInfo,
) -> Result<ProjectSummary> {
    state.with(|s| s.set_project_info(&info))?;
    state.refresh_title(&app);
    summary(&state)
}

#[tauri::command]
pub fn project_data(state: State<'_, AppState>) -> Result<Project> {
    state.with(|s| s.load_project_shallow())
}

#[tauri::command]
pub fn check(state: State<'_, AppState>) -> Result<Vec<Warning>> {
    let today = state.today;
    state.with(|s| s.planning_warnings(today))
}

#[tauri::command]
pub fn overview(state: State<'_, AppState>) -> Result<Overview> {
    let today = state.today;
    state.with(|s| s.overview(today))
}

#[tauri::command]
pub fn save_decision(state: State<'_, AppState>, decision: Decision) -> Result<Decision> {
    state.with(|s| s.save_decision(&decision))
}

#[tauri::command]
pub fn delete_decision(
    state: State<'_, AppState>,
    id: String,
    questions: QuestionsOnDelete,
) -> Result<()> {
    state.with(|s| s.delete_decision(&id, questions))
}

#[tauri::command]
pub fn save_key_question(state: State<'_, AppState>, question: KeyQuestion) -> Result<KeyQuestion> {
    state.with(|s| s.save_key_question(&question))
}

#[tauri::command]
pub fn delete_key_question(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_key_question(&id))
}

#[tauri::command]
pub fn ladder(state: State<'_, AppState>) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.ladder())
}

#[tauri::command]
pub fn save_ladder(
    state: State<'_, AppState>,
    levels: Vec<LadderLevel>,
) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.save_ladder(&levels))
}

#[tauri::command]
pub fn render_markdown(src: String) -> String {
    medskapa_core::markdown::to_html(&src)
}

#[tauri::command]
pub fn save_activity(state: State<'_, AppState>, activity: Activity) -> Result<Activity> {
    state.with(|s| s.save_activity(&activity))
}

#[tauri::command]
pub fn delete_activity(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_activity(&id))
}

#[tauri::command]
pub fn duplicate_activity(state: State<'_, AppState>, id: String) -> Result<Activity> {
    state.with(|s| s.duplicate_activity(&id, " (kopia)"))
}

#[tauri::command]
pub fn save_segment(state: State<'_, AppState>, segment: Segment) -> Result<Segment> {
    state.with(|s| s.save_segment(&segment))
}

#[tauri::command]
pub fn delete_segment(state: State<'_, AppState>, id: String, force: bool) -> Result<()> {
    state.with(|s| s.delete_segment(&id, force))
}

#[tauri::command]
pub fn merge_segments(state: State<'_, AppState>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_segments(&from, &into))
}

#[tauri::command]
pub fn segment_usage(state: State<'_, AppState>, id: String) -> Result<SegmentUsage> {
    state.with(|s| s.segment_usage(&id))
}

#[tauri::command]
pub fn save_tag(state: State<'_, AppState>, tag: Tag) -> Result<Tag> {
    state.with(|s| s.save_tag(&tag))
}

#[tauri::command]
pub fn delete_tag(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_tag(&id))
}

#[tauri::command]
pub fn merge_tags(state: State<'_, AppState>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_tags(&from, &into))
}

#[tauri::command]
pub fn tag_usage(state: State<'_, AppState>, id: String) -> Result<u32> {
    state.with(|s| s.tag_usage(&id))
}

#[tauri::command]
pub fn needs_page(
    state: State<'_, AppState>,
    filter: NeedFilter,
    offset: u32,
    limit: u32,
) -> Result<NeedsPage> {
    state.with(|s| s.needs_page(&filter, offset, limit))
}

#[tauri::command]
pub fn tag_counts(state: State<'_, AppState>, filter: NeedFilter) -> Result<Vec<TagCount>> {
    state.with(|s| s.tag_counts(&filter))
}

#[tauri::command]
pub fn save_need(state: State<'_, AppState>, need: Need) -> Result<Need> {
    state.with(|s| s.save_need(&need))
}

#[tauri::command]
pub fn delete_needs(state: State<'_, AppState>, ids: Vec<String>) -> Result<usize> {
    state.with(|s| s.delete_needs(&ids))
}

#[tauri::command]
pub fn tag_needs(
    state: State<'_, AppState>,
    ids: Vec<String>,
    tag_id: String,
    add: bool,
) -> Result<usize> {
    state.with(|s| s.tag_needs(&ids, &tag_id, add))
}

#[tauri::command]
pub fn save_insight(state: State<'_, AppState>, insight: Insight) -> Result<Insight> {
    state.with(|s| s.save_insight(&insight))
}

#[tauri::command]
pub fn delete_insight(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_insight(&id))
}
