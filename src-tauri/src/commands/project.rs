//! Opening, creating and closing projects, the app's own state and settings.

use super::*;

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
