//! Data in and out: survey imports, spreadsheet and JSON exports, copies and backups.

use std::path::Path;

use medskapa_core::store::output_guard;
use medskapa_core::support::fsio::Output;

use super::*;

/// Choose a survey file (CSV or Excel) and read it; the table waits in the app for the
/// column mapping. Returns its headers and first rows.
#[tauri::command]
pub async fn pick_import_table<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
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
        .pending_table()
        .lock()
        .map_err(|_| CoreError::new(ErrorCode::Internal, "the app state is unavailable"))? =
        Some(table);
    Ok(Some(preview))
}

fn with_table<T>(
    state: &Here<'_>,
    f: impl FnOnce(&medskapa_core::formats::table::Table) -> Result<T>,
) -> Result<T> {
    let guard = state
        .pending_table()
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
pub async fn preview_need_import(state: Here<'_>, mapping: NeedMapping) -> Result<ImportPreview> {
    with_table(&state, |t| {
        state.with(|s| medskapa_core::app::import_needs::preview_import(s, t, &mapping, 5))
    })
}

#[tauri::command]
pub async fn import_needs(
    state: Here<'_>,
    mapping: NeedMapping,
    activity_id: String,
) -> Result<ImportReport> {
    let report = with_table(&state, |t| {
        state.with(|s| medskapa_core::app::import_needs::import_needs(s, t, &mapping, &activity_id))
    })?;
    if let Ok(mut g) = state.pending_table().lock() {
        *g = None;
    }
    Ok(report)
}

/// Export needs or activities as a spreadsheet. Returns the file name.
#[tauri::command]
pub async fn export_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    what: SheetContent,
    format: SheetFormat,
    allow_personal_data: bool,
) -> Result<Option<String>> {
    let scope = medskapa_core::app::personal_data::ExportScope::Sheet { what };
    super::briefs::refuse_personal_data(&state, scope, allow_personal_data)?;
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
    state.with(|s| medskapa_core::app::export::export(s, what, &path, lang))?;
    Ok(Some(name_of(&path)))
}

#[tauri::command]
pub async fn export_json<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    allow_personal_data: bool,
) -> Result<Option<String>> {
    let scope = medskapa_core::app::personal_data::ExportScope::Json;
    super::briefs::refuse_personal_data(&state, scope, allow_personal_data)?;
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
    write_export(open_file(&state)?.as_deref(), &path, text.as_bytes())?;
    Ok(Some(name_of(&path)))
}

/// The open project's file (`None` for a shared project).
pub(crate) fn open_file(state: &Here<'_>) -> Result<Option<PathBuf>> {
    state.with(|s| Ok(s.path().map(Path::to_path_buf)))
}

/// Write an export where the save dialog said: refused over the open project, over a
/// project another Medskapa has open, and over anything that is not a regular file.
pub(crate) fn write_export(open_project: Option<&Path>, path: &Path, bytes: &[u8]) -> Result<()> {
    Output::new(path, output_guard(open_project)).write(bytes)
}

/// Choose an interchange JSON file, validate it, choose where the new project goes,
/// create it and open it.
#[tauri::command]
pub async fn import_json<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
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
pub async fn save_copy<R: Runtime>(app: AppHandle<R>, state: Here<'_>) -> Result<Option<String>> {
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

fn backups_of(state: &Here<'_>) -> Result<Vec<BackupInfo>> {
    // A shared project's backups are the server's (IT's `pg_dump`), not this computer's.
    let Some(path) = state.with(|s| Ok(s.path().map(std::path::Path::to_path_buf)))? else {
        return Ok(Vec::new());
    };
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
pub async fn list_backups(state: Here<'_>) -> Result<Vec<BackupInfo>> {
    backups_of(&state)
}

/// "Återställ från säkerhetskopia": open backup `index` (from `list_backups`) as a NEW
/// file; the current project is never overwritten.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
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
