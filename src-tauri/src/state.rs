//! App state: the open project, the app's own settings (language, recent projects) and
//! the one clock the app reads.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::error::{CoreError, ErrorCode, Result};
use medskapa_core::support::lang::Lang;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

const MAX_RECENT: usize = 8;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// An unknown language (a hand-edited file, a newer version's) falls back to Swedish
    /// without losing the rest of the settings.
    #[serde(deserialize_with = "lang_or_default")]
    pub lang: Lang,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
}

fn lang_or_default<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Lang, D::Error> {
    let code = Option::<String>::deserialize(d)?;
    Ok(code
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default())
}

pub struct AppState {
    pub store: Mutex<Option<Store>>,
    settings: Mutex<Settings>,
    settings_path: PathBuf,
    data_dir: PathBuf,
    /// The date planning checks compare against: `MEDSKAPA_TODAY` if set, else today.
    pub today: NaiveDate,
    startup_error: Mutex<Option<CoreError>>,
    /// A survey file read for import, waiting for the user to map its columns.
    pub pending_table: Mutex<Option<medskapa_core::formats::table::Table>>,
}

fn lock_err<T>(_: T) -> CoreError {
    CoreError::internal("the app state is unavailable; restart Medskapa")
}

impl AppState {
    pub fn load<R: Runtime>(
        app: &AppHandle<R>,
    ) -> std::result::Result<AppState, Box<dyn std::error::Error>> {
        let config_dir = app.path().app_config_dir()?;
        let data_dir = app.path().app_data_dir()?;
        Ok(Self::new(config_dir, data_dir))
    }

    pub fn new(config_dir: PathBuf, data_dir: PathBuf) -> AppState {
        let settings_path = config_dir.join("settings.json");
        let settings: Settings = std::fs::read_to_string(&settings_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        let today = std::env::var("MEDSKAPA_TODAY")
            .ok()
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        AppState {
            store: Mutex::new(None),
            settings: Mutex::new(settings),
            settings_path,
            data_dir,
            today,
            startup_error: Mutex::new(None),
            pending_table: Mutex::new(None),
        }
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self.settings.lock().map_err(lock_err)?.clone())
    }

    /// The language the user chose for the window (and so for warnings and file names).
    pub fn lang(&self) -> Lang {
        self.settings.lock().map(|s| s.lang).unwrap_or_default()
    }

    pub fn update_settings(&self, f: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut s = self.settings.lock().map_err(lock_err)?;
        f(&mut s);
        if let Some(dir) = self.settings_path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(&*s).unwrap_or_default();
        medskapa_core::support::fsio::write_atomic(&self.settings_path, text.as_bytes())
    }

    pub fn last_project(&self) -> Option<PathBuf> {
        self.settings
            .lock()
            .ok()
            .and_then(|s| s.recent.first().cloned())
            .filter(|p| p.exists())
    }

    pub fn demo_path(&self) -> PathBuf {
        self.data_dir.join("Demo – Nya stadsbiblioteket.medskapa")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where the rolling backups of a project go: the app's data folder, one folder per
    /// project file name.
    pub fn backup_dir(&self, project: &Path) -> PathBuf {
        let stem = project
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "projekt".into());
        self.data_dir.join("backups").join(stem)
    }

    pub fn set_startup_error(&self, e: CoreError) {
        if let Ok(mut s) = self.startup_error.lock() {
            *s = Some(e);
        }
    }

    pub fn take_startup_error(&self) -> Option<CoreError> {
        self.startup_error.lock().ok().and_then(|mut s| s.take())
    }

    /// Open a project (with the single-writer lock), replacing the current one, and
    /// remember it. The current project stays open if the new one cannot be opened.
    pub fn open<R: Runtime>(&self, app: &AppHandle<R>, path: &Path) -> Result<()> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        {
            let mut guard = self.store.lock().map_err(lock_err)?;
            let same = guard
                .as_ref()
                .is_some_and(|s| s.path() == Some(path.as_path()));
            if !same {
                // Release our own lock first when reopening isn't needed.
                let store = Store::open(&path, OpenOptions { lock: true })?;
                if !store.read_only() {
                    // One backup per day of use; a failed backup must not stop the work.
                    let _ = medskapa_core::store::backup::rolling_backup(
                        &store,
                        &self.backup_dir(&path),
                        self.today,
                        medskapa_core::store::backup::DEFAULT_KEEP,
                    );
                }
                *guard = Some(store);
            }
        }
        self.update_settings(|s| {
            s.recent.retain(|p| p != &path);
            s.recent.insert(0, path.clone());
            s.recent.truncate(MAX_RECENT);
        })?;
        self.refresh_title(app);
        Ok(())
    }

    pub fn close<R: Runtime>(&self, app: &AppHandle<R>) -> Result<()> {
        *self.store.lock().map_err(lock_err)? = None;
        self.refresh_title(app);
        Ok(())
    }

    /// "<project> – Medskapa", or just "Medskapa".
    pub fn refresh_title<R: Runtime>(&self, app: &AppHandle<R>) {
        let name = self
            .store
            .lock()
            .ok()
            .and_then(|g| g.as_ref().and_then(|s| s.project_info().ok()))
            .map(|i| i.name);
        if let Some(w) = app.get_webview_window("main") {
            let title = match name {
                Some(n) => format!("{n} – Medskapa"),
                None => "Medskapa".into(),
            };
            let _ = w.set_title(&title);
        }
    }

    /// Run `f` on the open project.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.store.lock().map_err(lock_err)?;
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(CoreError::new(ErrorCode::NoProject, "no project is open")),
        }
    }
}
