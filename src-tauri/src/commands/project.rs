//! Opening, creating and closing projects, the app's own state and settings.

use std::path::Path;

use medskapa_core::store::output_guard;
use medskapa_core::support::fsio::Output;

use super::*;

#[tauri::command]
pub async fn app_info(state: Here<'_>) -> Result<AppInfo> {
    let settings = state.settings()?;
    let project = match summary(&state) {
        Ok(s) => Some(s),
        // The shared project is still open; the window says the connection is gone.
        Err(e) if e.code == ErrorCode::Offline => return Err(e),
        Err(_) => None,
    };
    let recent = settings
        .recent
        .iter()
        .enumerate()
        .filter_map(|(i, location)| recent_project(i as u32, location))
        .collect();
    Ok(AppInfo {
        project,
        recent,
        needs_password: state.needs_password(),
        lang: settings.lang,
        today: state.today.format("%Y-%m-%d").to_string(),
    })
}

/// One entry of the recent list: a file that is still there, with its project's name; a
/// shared project by its database's name, without connecting to its server.
fn recent_project(index: u32, location: &Location) -> Option<RecentProject> {
    match location {
        Location::File(p) if p.exists() => Some(RecentProject {
            index,
            name: Store::open(p, Default::default())
                .and_then(|s| s.project_info())
                .map(|i| i.name)
                .unwrap_or_default(),
            file_name: name_of(p),
            folder: p
                .parent()
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
            shared: false,
        }),
        Location::File(_) => None,
        Location::Server(address) => {
            let database = medskapa_core::store::server::database_name(address);
            Some(RecentProject {
                index,
                name: database.clone(),
                file_name: database,
                folder: address.clone(),
                shared: true,
            })
        }
    }
}

#[tauri::command]
pub fn startup_error(state: Here<'_>) -> Option<CoreError> {
    state
        .take_startup_error()
        .or_else(|| state.take_settings_problem())
}

#[tauri::command]
pub async fn new_project<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
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
    create_project_at(&state, &path, &name)?;
    state.open(&app, &path)?;
    summary(&state).map(Some)
}

/// Create an empty project `name` at `path`, replacing a file there (the save dialog has
/// asked) unless it is the open project, a project another Medskapa has open, or not a
/// regular file.
pub(crate) fn create_project_at(state: &Here<'_>, path: &Path, name: &str) -> Result<()> {
    if path.exists() {
        // No project open (or a shared one whose server is gone): nothing of ours to protect.
        let open = state
            .with(|s| Ok(s.path().map(Path::to_path_buf)))
            .ok()
            .flatten();
        Output::new(path, output_guard(open.as_deref())).check()?;
        std::fs::remove_file(path)
            .map_err(|e| CoreError::of_file(ErrorCode::Io, path, format!("cannot replace: {e}")))?;
    }
    drop(Store::create(path, name)?);
    Ok(())
}

#[tauri::command]
pub async fn open_project<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
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
    state: Here<'_>,
    index: u32,
) -> Result<ProjectSummary> {
    let location = state
        .settings()?
        .recent
        .get(index as usize)
        .cloned()
        .ok_or_else(|| CoreError::not_found("that recent project is no longer in the list"))?;
    state.open_location(&app, &location, None)?;
    summary(&state)
}

/// "Öppna delat projekt": the project in the database at `address`. `password` is one the
/// user typed after the server asked for it; it is kept in memory for this session only.
#[tauri::command]
pub async fn open_shared<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    address: String,
    password: Option<String>,
) -> Result<ProjectSummary> {
    let address = address.trim();
    if address.is_empty() {
        return Err(CoreError::field(
            "address",
            ErrorCode::Required,
            "address: must not be empty",
        ));
    }
    if !medskapa_core::store::server::is_address(address) {
        return Err(CoreError::field(
            "address",
            ErrorCode::BadAddress,
            "address: not a PostgreSQL address (postgresql://server/database)",
        ));
    }
    let password = password.filter(|p| !p.is_empty());
    state.open_shared(&app, address, password)?;
    summary(&state)
}

/// Connect to the shared project's server again when a command found the connection gone;
/// the project's summary once it is back (for a file, or a live connection, at once).
#[tauri::command]
pub async fn reconnect(state: Here<'_>) -> Result<ProjectSummary> {
    state.reconnect()?;
    summary(&state)
}

#[tauri::command]
pub async fn open_demo<R: Runtime>(app: AppHandle<R>, state: Here<'_>) -> Result<ProjectSummary> {
    let path = state.demo_path();
    if !path.exists() {
        std::fs::create_dir_all(state.data_dir())?;
        drop(medskapa_core::app::demo::create_demo(&path)?);
    }
    state.open(&app, &path)?;
    summary(&state)
}

#[tauri::command]
pub async fn close_project<R: Runtime>(app: AppHandle<R>, state: Here<'_>) -> Result<()> {
    state.close(&app)
}

#[tauri::command]
pub async fn set_lang(state: Here<'_>, lang: Lang) -> Result<()> {
    state.update_settings(|s| s.lang = lang)
}

#[tauri::command]
pub async fn save_project_info<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    info: ProjectInfo,
) -> Result<ProjectSummary> {
    state.with(|s| s.set_project_info(&info))?;
    state.refresh_title(&app);
    summary(&state)
}

#[tauri::command]
pub async fn project_data(state: Here<'_>) -> Result<ProjectRows> {
    let project = state.with(|s| s.load_project_rows());
    // Its JSON is made and sent after this returns; a little later it is all free.
    crate::memory::freed_much();
    // The window has what it reads when a project opens (Översikt's summary comes first):
    // the embedding thread, which waits for this before its first look, may take the
    // project now. Later reloads (after every save) do not wake it again.
    if state.mark_shown() {
        if let Some(ai) = state.ai() {
            ai.wake();
        }
    }
    project
}
