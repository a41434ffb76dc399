//! The typed commands the webview calls. Each is parse → core → `{code, message}`.

use std::path::PathBuf;

use medskapa_core::app::briefs::{self, BriefRequest};
use medskapa_core::app::file_names;
use medskapa_core::app::import_needs::{ImportPreview, ImportReport, NeedMapping};
use medskapa_core::app::overview::{self, AppInfo, Overview, ProjectSummary, RecentProject};
use medskapa_core::app::sheets::{SheetContent, SheetFormat};
use medskapa_core::domain::checks::Warning;
use medskapa_core::domain::ladder::LadderLevel;
use medskapa_core::domain::model::*;
use medskapa_core::formats::table::TablePreview;
use medskapa_core::store::backup::BackupInfo;
use medskapa_core::store::search::{MatrixCell, NeedFilter, NeedRow, NeedsPage, TagCount};
use medskapa_core::store::undo::UndoResult;
use medskapa_core::store::Store;
use medskapa_core::support::error::{Context, CoreError, ErrorCode, Result};
use medskapa_core::support::lang::Lang;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

const EXT: &str = file_names::PROJECT_EXT;

fn summary(state: &AppState) -> Result<ProjectSummary> {
    state.with(|s| overview::summary(s))
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
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
            ErrorCode::Required,
            "name: must not be empty",
        ));
    }
    let suggested = format!("{}.{EXT}", file_names::file_safe(&name));
    let filter = file_names::project_filter(state.lang());
    let Some(mut path) = dialog_path(&app, &[(filter, &[EXT])], Some(suggested)).await else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(EXT);
    }
    if path.exists() {
        // The save dialog has already asked whether to replace it.
        std::fs::remove_file(&path).map_err(|e| {
            CoreError::of_file(ErrorCode::Io, &path, format!("cannot replace: {e}"))
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
    let filter = file_names::project_filter(state.lang());
    let Some(path) = dialog_path(&app, &[(filter, &[EXT])], None).await else {
        return Ok(None);
    };
    state.open(&app, &path)?;
    summary(&state).map(Some)
}

#[tauri::command]
pub async fn open_recent<R: Runtime>(
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
pub async fn open_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ProjectSummary> {
    let path = state.demo_path();
    if !path.exists() {
        std::fs::create_dir_all(state.data_dir())?;
        drop(medskapa_core::app::demo::create_demo(&path)?);
    }
    state.open(&app, &path)?;
    summary(&state)
}

#[tauri::command]
pub async fn close_project<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<()> {
    state.close(&app)
}

#[tauri::command]
pub async fn set_lang(state: State<'_, AppState>, lang: Lang) -> Result<()> {
    state.update_settings(|s| s.lang = lang)
}

#[tauri::command]
pub async fn save_project_info<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    info: ProjectInfo,
) -> Result<ProjectSummary> {
    state.with(|s| s.set_project_info(&info))?;
    state.refresh_title(&app);
    summary(&state)
}

#[tauri::command]
pub async fn project_data(state: State<'_, AppState>) -> Result<Project> {
    state.with(|s| s.load_project_shallow())
}

#[tauri::command]
pub async fn check(state: State<'_, AppState>) -> Result<Vec<Warning>> {
    let (today, lang) = (state.today, state.lang());
    state.with(|s| s.planning_warnings(today, lang))
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> Result<Overview> {
    let (today, lang) = (state.today, state.lang());
    state.with(|s| overview::overview(s, today, lang))
}

#[tauri::command]
pub async fn save_decision(state: State<'_, AppState>, decision: Decision) -> Result<Decision> {
    state.with(|s| s.save_decision(&decision))
}

#[tauri::command]
pub async fn delete_decision(
    state: State<'_, AppState>,
    id: String,
    questions: QuestionsOnDelete,
) -> Result<()> {
    state.with(|s| s.delete_decision(&id, questions))
}

#[tauri::command]
pub async fn save_key_question(
    state: State<'_, AppState>,
    question: KeyQuestion,
) -> Result<KeyQuestion> {
    state.with(|s| s.save_key_question(&question))
}

#[tauri::command]
pub async fn delete_key_question(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_key_question(&id))
}

#[tauri::command]
pub async fn ladder(state: State<'_, AppState>) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.ladder())
}

#[tauri::command]
pub async fn save_ladder(
    state: State<'_, AppState>,
    levels: Vec<LadderLevel>,
) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.save_ladder(&levels))
}

#[tauri::command]
pub fn render_markdown(src: String) -> String {
    medskapa_core::support::markdown::to_html(&src)
}

#[tauri::command]
pub async fn save_activity(state: State<'_, AppState>, activity: Activity) -> Result<Activity> {
    state.with(|s| s.save_activity(&activity))
}

#[tauri::command]
pub async fn delete_activity(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_activity(&id))
}

#[tauri::command]
pub async fn duplicate_activity(state: State<'_, AppState>, id: String) -> Result<Activity> {
    let suffix = file_names::copy_suffix(state.lang());
    state.with(|s| s.duplicate_activity(&id, suffix))
}

#[tauri::command]
pub async fn save_segment(state: State<'_, AppState>, segment: Segment) -> Result<Segment> {
    state.with(|s| s.save_segment(&segment))
}

#[tauri::command]
pub async fn delete_segment(state: State<'_, AppState>, id: String, force: bool) -> Result<()> {
    state.with(|s| s.delete_segment(&id, force))
}

#[tauri::command]
pub async fn merge_segments(state: State<'_, AppState>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_segments(&from, &into))
}

#[tauri::command]
pub async fn segment_usage(state: State<'_, AppState>, id: String) -> Result<SegmentUsage> {
    state.with(|s| s.segment_usage(&id))
}

#[tauri::command]
pub async fn save_tag(state: State<'_, AppState>, tag: Tag) -> Result<Tag> {
    state.with(|s| s.save_tag(&tag))
}

#[tauri::command]
pub async fn delete_tag(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_tag(&id))
}

#[tauri::command]
pub async fn merge_tags(state: State<'_, AppState>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_tags(&from, &into))
}

#[tauri::command]
pub async fn tag_usage(state: State<'_, AppState>, id: String) -> Result<u32> {
    state.with(|s| s.tag_usage(&id))
}

#[tauri::command]
pub async fn needs_page(
    state: State<'_, AppState>,
    filter: NeedFilter,
    offset: u32,
    limit: u32,
) -> Result<NeedsPage> {
    state.with(|s| s.needs_page(&filter, offset, limit))
}

#[tauri::command]
pub async fn tag_counts(state: State<'_, AppState>, filter: NeedFilter) -> Result<Vec<TagCount>> {
    state.with(|s| s.tag_counts(&filter))
}

#[tauri::command]
pub async fn save_need(state: State<'_, AppState>, need: Need) -> Result<Need> {
    state.with(|s| s.save_need(&need))
}

#[tauri::command]
pub async fn delete_needs(state: State<'_, AppState>, ids: Vec<String>) -> Result<usize> {
    state.with(|s| s.delete_needs(&ids))
}

#[tauri::command]
pub async fn tag_needs(
    state: State<'_, AppState>,
    ids: Vec<String>,
    tag_id: String,
    add: bool,
) -> Result<usize> {
    state.with(|s| s.tag_needs(&ids, &tag_id, add))
}

#[tauri::command]
pub async fn save_insight(state: State<'_, AppState>, insight: Insight) -> Result<Insight> {
    state.with(|s| s.save_insight(&insight))
}

#[tauri::command]
pub async fn delete_insight(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_insight(&id))
}

/// The live preview of a brief: HTML from the same model the PDF is set from. Async, so
/// it runs off the main thread and a large project never freezes the window.
#[tauri::command]
pub async fn brief_preview(state: State<'_, AppState>, request: BriefRequest) -> Result<String> {
    let today = state.today;
    state.with(|s| briefs::brief_html(s, &request.target(), request.lang, today))
}

/// Ask where to save a PDF, render it off the main thread and write it atomically.
/// Returns the file name written, or `None` when the dialog was cancelled.
async fn save_pdf<R: Runtime>(
    app: &AppHandle<R>,
    suggested: String,
    render: impl FnOnce() -> Vec<u8> + Send + 'static,
) -> Result<Option<String>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter("PDF", &["pdf"])
        .set_file_name(suggested)
        .save_file(move |p| {
            let _ = tx.send(p);
        });
    let Some(mut path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension("pdf");
    }
    let out = path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        medskapa_core::support::fsio::write_atomic(&out, &render())
    })
    .await
    .map_err(|e| CoreError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))??;
    Ok(path.file_name().map(|f| f.to_string_lossy().to_string()))
}

#[tauri::command]
pub async fn export_brief<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: BriefRequest,
) -> Result<Option<String>> {
    let today = state.today;
    let lang = request.lang;
    let model = state.with(|s| briefs::brief_model(s, &request.target(), lang, today))?;
    let suggested = file_names::brief_file(lang, &model.title);
    save_pdf(&app, suggested, move || {
        medskapa_core::documents::brief::render_pdf(&model)
    })
    .await
}

#[tauri::command]
pub async fn export_feedback<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    activity_id: String,
    lang: Lang,
) -> Result<Option<String>> {
    let activity = state.with(|s| s.activity(&activity_id))?.title;
    // Fail before the dialog if the sheet cannot be made.
    let pdf = state.with(|s| briefs::feedback_pdf(s, &activity_id, lang))?;
    let suggested = file_names::feedback_file(lang, &activity);
    save_pdf(&app, suggested, move || pdf).await
}

#[tauri::command]
pub async fn tag_segment_matrix(
    state: State<'_, AppState>,
    filter: NeedFilter,
) -> Result<Vec<MatrixCell>> {
    state.with(|s| s.tag_segment_matrix(&filter))
}

#[tauri::command]
pub async fn needs_by_ids(state: State<'_, AppState>, ids: Vec<String>) -> Result<Vec<NeedRow>> {
    state.with(|s| s.needs_by_ids(&ids))
}

#[tauri::command]
pub async fn undo(state: State<'_, AppState>) -> Result<Option<UndoResult>> {
    state.with(|s| s.undo())
}

#[tauri::command]
pub async fn peek_undo(state: State<'_, AppState>) -> Result<Option<UndoResult>> {
    state.with(|s| Ok(s.peek_undo()))
}

// ---- data in and out ------------------------------------------------------------------

async fn dialog_path<R: Runtime>(
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

fn name_of(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Choose a survey file (CSV or Excel) and read it; the table waits in the app for the
/// column mapping. Returns its headers and first rows.
#[tauri::command]
pub async fn pick_import_table<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<TablePreview>> {
    let filters: &[(&str, &[&str])] = &[(
        file_names::survey_filter(state.lang()),
        &["csv", "txt", "tsv", "xlsx", "xls", "ods"],
    )];
    let Some(path) = dialog_path(&app, filters, None).await else {
        return Ok(None);
    };
    let name = name_of(&path);
    let table = tauri::async_runtime::spawn_blocking(move || {
        medskapa_core::formats::table::read_table(&path)
    })
    .await
    .map_err(|e| CoreError::internal(format!("reading stopped: {e}")))?
    .about(name)?;
    let preview = table.preview(5);
    *state
        .pending_table
        .lock()
        .map_err(|_| CoreError::new(ErrorCode::Internal, "the app state is unavailable"))? =
        Some(table);
    Ok(Some(preview))
}

fn with_table<T>(
    state: &AppState,
    f: impl FnOnce(&medskapa_core::formats::table::Table) -> Result<T>,
) -> Result<T> {
    let guard = state
        .pending_table
        .lock()
        .map_err(|_| CoreError::new(ErrorCode::Internal, "the app state is unavailable"))?;
    match guard.as_ref() {
        Some(t) => f(t),
        None => Err(CoreError::new(
            ErrorCode::NoTable,
            "choose a file to import first",
        )),
    }
}

#[tauri::command]
pub async fn preview_need_import(
    state: State<'_, AppState>,
    mapping: NeedMapping,
) -> Result<ImportPreview> {
    with_table(&state, |t| {
        state.with(|s| medskapa_core::app::import_needs::preview_import(s, t, &mapping, 5))
    })
}

#[tauri::command]
pub async fn import_needs(
    state: State<'_, AppState>,
    mapping: NeedMapping,
    activity_id: String,
) -> Result<ImportReport> {
    let report = with_table(&state, |t| {
        state.with(|s| medskapa_core::app::import_needs::import_needs(s, t, &mapping, &activity_id))
    })?;
    if let Ok(mut g) = state.pending_table.lock() {
        *g = None;
    }
    Ok(report)
}

/// Export needs or activities as a spreadsheet. Returns the file name.
#[tauri::command]
pub async fn export_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    what: SheetContent,
    format: SheetFormat,
) -> Result<Option<String>> {
    let lang = state.lang();
    let ext = format.extension();
    let project = state.with(|s| s.project_info())?.name;
    let exts: &[&str] = &[ext];
    let Some(mut path) = dialog_path(
        &app,
        &[(format.filter_name(lang), exts)],
        Some(format!("{} – {project}.{ext}", what.file_word(lang))),
    )
    .await
    else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    state.with(|s| medskapa_core::app::sheets::export(s, what, &path, lang))?;
    Ok(Some(name_of(&path)))
}

#[tauri::command]
pub async fn export_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let project = state.with(|s| s.load_project())?;
    let Some(mut path) = dialog_path(
        &app,
        &[(file_names::json_filter(state.lang()), &["json"])],
        Some(format!("{}.json", project.project.name)),
    )
    .await
    else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension("json");
    }
    let text = medskapa_core::formats::interchange::into_json(project);
    medskapa_core::support::fsio::write_atomic(&path, text.as_bytes())?;
    Ok(Some(name_of(&path)))
}

/// Choose an interchange JSON file, validate it, choose where the new project goes,
/// create it and open it.
#[tauri::command]
pub async fn import_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ProjectSummary>> {
    let Some(input) = dialog_path(
        &app,
        &[(file_names::json_filter(state.lang()), &["json"])],
        None,
    )
    .await
    else {
        return Ok(None);
    };
    let text = medskapa_core::support::fsio::read_input(&input)?;
    let project = medskapa_core::formats::interchange::parse(&text).about(name_of(&input))?;
    let Some(mut path) = dialog_path(
        &app,
        &[(file_names::project_filter(state.lang()), &[EXT])],
        Some(format!("{}.{EXT}", project.project.name)),
    )
    .await
    else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(EXT);
    }
    if path.exists() {
        return Err(CoreError::of(
            ErrorCode::Exists,
            name_of(&path),
            "a file with that name already exists; choose another name",
        ));
    }
    drop(Store::create_from(&path, &project)?);
    state.open(&app, &path)?;
    summary(&state).map(Some)
}

/// "Spara en kopia": the SQLite online backup, safe while the project is open.
#[tauri::command]
pub async fn save_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let name = state.with(|s| s.project_info())?.name;
    let Some(mut path) = dialog_path(
        &app,
        &[(file_names::project_filter(state.lang()), &[EXT])],
        Some(file_names::copy_file(state.lang(), &name)),
    )
    .await
    else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(EXT);
    }
    state.with(|s| s.save_copy(&path))?;
    Ok(Some(name_of(&path)))
}

fn backups_of(state: &AppState) -> Result<Vec<BackupInfo>> {
    let path = state.with(|s| Ok(s.path().to_path_buf()))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(medskapa_core::store::backup::list_backups(
        &state.backup_dir(&path),
        &stem,
    ))
}

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    backups_of(&state)
}

/// "Återställ från säkerhetskopia": open backup `index` (from `list_backups`) as a NEW
/// file; the current project is never overwritten.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    index: u32,
) -> Result<Option<ProjectSummary>> {
    let backups = backups_of(&state)?;
    let backup = backups
        .get(index as usize)
        .cloned()
        .ok_or_else(|| CoreError::not_found("that backup is no longer there"))?;
    let stem = backup.file_name.trim_end_matches(".medskapa").to_string();
    let Some(mut path) = dialog_path(
        &app,
        &[(file_names::project_filter(state.lang()), &[EXT])],
        Some(file_names::restored_file(state.lang(), &stem)),
    )
    .await
    else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(EXT);
    }
    medskapa_core::store::backup::restore_backup(&backup.path, &path)?;
    state.open(&app, &path)?;
    summary(&state).map(Some)
}
