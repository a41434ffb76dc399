//! App state: the open project, the app's own settings (see [`crate::settings`]) and the
//! one clock the app reads; for a shared project, what reconnecting to its server needs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use medskapa_core::domain::timeline::{TextWidth, TimelineLayout, TimelineParams};
use medskapa_core::store::{Location, OpenOptions, Store};
use medskapa_core::support::error::{CoreError, ErrorCode, Result};
use medskapa_core::support::lang::Lang;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::{AppHandle, Manager, Runtime};

use crate::settings::{load_settings, Settings};

const MAX_RECENT: usize = 8;

/// How to reach a shared project's server again during this session: the address as the
/// user gave it (it may hold a password) and the password they typed. Kept in memory only;
/// never written, never shown, never logged (hence no `Debug`).
#[derive(Clone)]
struct Credentials {
    address: String,
    password: Option<String>,
}

/// A shared project's address as it is shown and remembered: without any password.
pub fn shown_address(address: &str) -> String {
    Location::Server(address.to_string()).to_string()
}

/// What every window shares: the settings, the clock, the passwords typed this session and
/// each window's [`Session`], by the window's label.
pub struct AppState {
    settings: Mutex<Settings>,
    settings_path: PathBuf,
    data_dir: PathBuf,
    /// The date planning checks compare against: `MEDSKAPA_TODAY` if set, else today.
    pub today: NaiveDate,
    /// Shared projects opened this session, by their shown address.
    credentials: Mutex<HashMap<String, Credentials>>,
    /// Each window's project, by the window's label.
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    /// Window labels, the one that had the focus last at the end.
    focus: Mutex<Vec<String>>,
    /// The number of the next window a second launch opens (`project-N`).
    next_window: AtomicU32,
    /// The widths of the timeline's label characters, as a window measured them.
    label_widths: Mutex<Arc<TextWidth>>,
}

/// The timeline as last laid out for a window, and what it was laid out from.
pub struct KeptTimeline {
    pub params: TimelineParams,
    pub widths: Arc<TextWidth>,
    pub layout: Arc<TimelineLayout>,
}

/// One window's project: what the window has open and what it waits for.
#[derive(Default)]
pub struct Session {
    pub(crate) store: Mutex<Option<Store>>,
    /// Where the open project is, as other windows compare it (without taking the store).
    pub(crate) location: Mutex<Option<Location>>,
    /// Why the project the window was opened on could not be opened, until the window asks.
    startup_error: Mutex<Option<CoreError>>,
    /// A survey file read for import, waiting for the user to map its columns.
    pending_table: Mutex<Option<medskapa_core::formats::table::Table>>,
    /// A command found the connection to the shared project's server gone: the next
    /// command connects again first.
    lost: AtomicBool,
    /// One reconnection at a time, so commands that fail together connect once.
    reconnecting: Mutex<()>,
    /// A shared project the window was asked to open at start whose server wants a password.
    needs_password: Mutex<Option<String>>,
    /// The thread telling the window about the others' changes to the open shared project.
    live: Mutex<Option<crate::live::Live>>,
    /// The window is gone: nothing is opened here any more.
    closed: AtomicBool,
    /// The language features for the open project, when the model is installed.
    pub(crate) ai: Mutex<Option<Arc<crate::commands::ai::AiSession>>>,
    /// The window has read the open project's rows (after Översikt's summary): the
    /// embedding thread's first look, which holds the project for a while, waits for it.
    pub(crate) shown: AtomicBool,
    /// The timeline's last layout (see `commands::timeline`).
    pub(crate) timeline: Mutex<Option<KeptTimeline>>,
}

impl Session {
    /// Let go of the needs' vectors of the window's language features, if it has them;
    /// false when they are in use.
    fn let_go_of_vectors(&self) -> bool {
        match self.ai.try_lock() {
            Ok(ai) => ai.as_ref().is_none_or(|ai| ai.ai.let_go_of_vectors()),
            Err(_) => false,
        }
    }

    /// Drop the kept timeline layout: the project it was of is closed or another is open.
    pub(crate) fn forget_timeline(&self) {
        if let Ok(mut t) = self.timeline.lock() {
            *t = None;
        }
    }

    /// Close the project: stop hearing changes, release the file's lock.
    fn release(&self) {
        self.forget_timeline();
        if let Ok(mut live) = self.live.lock() {
            *live = None;
        }
        if let Ok(mut ai) = self.ai.lock() {
            *ai = None;
        }
        let _ = blocking(|| self.store.lock().map(|mut s| *s = None));
        if let Ok(mut l) = self.location.lock() {
            *l = None;
        }
    }
}

/// The app state as one window's command sees it: the shared parts (through `Deref`) and
/// the window's own [`Session`]. A command takes it as an argument; Tauri fills it in from
/// the window the call came from.
pub struct Here<'a> {
    app: &'a AppState,
    label: String,
    session: Arc<Session>,
}

impl std::ops::Deref for Here<'_> {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        self.app
    }
}

impl<'r, 'de: 'r, R: Runtime> CommandArg<'de, R> for Here<'r> {
    fn from_command(command: CommandItem<'de, R>) -> std::result::Result<Self, InvokeError> {
        let webview = command.message.webview_ref();
        let state = webview.try_state::<AppState>().ok_or_else(|| {
            InvokeError::from(CoreError::internal(
                "the app state is not ready; restart Medskapa",
            ))
        })?;
        Ok(state.inner().here(webview.label()))
    }
}

/// Run `f`, which may talk to a server, off the async workers: the PostgreSQL client blocks
/// on a runtime of its own, also when a connection is dropped.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
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

    /// The app's state with its settings in `config_dir` (Tauri's `app_config_dir`, on Linux
    /// `$XDG_CONFIG_HOME/se.helsingborg.medskapa`) and its own files, the demo and the
    /// backups, in `data_dir` (`app_data_dir`, `$XDG_DATA_HOME/se.helsingborg.medskapa`).
    pub fn new(config_dir: PathBuf, data_dir: PathBuf) -> AppState {
        let settings_path = config_dir.join("settings.json");
        let settings = load_settings(&settings_path);
        let today = std::env::var("MEDSKAPA_TODAY")
            .ok()
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        AppState {
            settings: Mutex::new(settings),
            settings_path,
            data_dir,
            today,
            credentials: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            focus: Mutex::new(Vec::new()),
            next_window: AtomicU32::new(1),
            label_widths: Mutex::new(Arc::new(TextWidth::default())),
        }
    }

    /// The timeline's label widths: as measured by a window, or estimated until one has.
    pub fn label_widths(&self) -> Arc<TextWidth> {
        self.label_widths
            .lock()
            .map(|w| w.clone())
            .unwrap_or_else(|_| Arc::new(TextWidth::default()))
    }

    pub fn set_label_widths(&self, widths: TextWidth) {
        if let Ok(mut w) = self.label_widths.lock() {
            *w = Arc::new(widths);
        }
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self.settings.lock().map_err(lock_err)?.clone())
    }

    /// What went wrong reading the settings file at start (see [`load_settings`]), once: the
    /// first window to ask shows it.
    pub fn take_settings_problem(&self) -> Option<CoreError> {
        self.settings.lock().ok().and_then(|mut s| s.problem.take())
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

    /// The project used last: a file that is still there, or a shared project.
    pub fn last_project(&self) -> Option<Location> {
        self.settings
            .lock()
            .ok()
            .and_then(|s| s.recent.first().cloned())
            .filter(|l| match l {
                Location::File(p) => p.exists(),
                Location::Server(_) => true,
            })
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

    /// The session of the window `label`, made when the window first needs it.
    pub fn here(&self, label: &str) -> Here<'_> {
        let session = self
            .sessions
            .lock()
            .map(|mut s| s.entry(label.to_string()).or_default().clone())
            .unwrap_or_default();
        Here {
            app: self,
            label: label.to_string(),
            session,
        }
    }

    /// The window other than `except` that has the project at `location` open.
    pub fn window_with(&self, location: &Location, except: &str) -> Option<String> {
        let sessions = self.sessions.lock().ok()?;
        sessions
            .iter()
            .filter(|(label, _)| label.as_str() != except)
            .find(|(_, s)| {
                s.location
                    .lock()
                    .is_ok_and(|l| l.as_ref() == Some(location))
            })
            .map(|(label, _)| label.clone())
    }

    /// The window `label` is gone: its project is closed (a file's lock released, live
    /// updates stopped) and its session forgotten.
    pub fn window_closed(&self, label: &str) {
        let session = self.sessions.lock().ok().and_then(|mut s| s.remove(label));
        if let Ok(mut focus) = self.focus.lock() {
            focus.retain(|l| l != label);
        }
        if let Some(session) = session {
            session.closed.store(true, Ordering::SeqCst);
            session.release();
        }
    }

    /// Empty every open project's page cache and let go of its needs' vectors (see
    /// `memory`); false when a project was in use and kept them.
    pub fn let_go_of_caches(&self) -> bool {
        let Ok(sessions) = self.sessions.lock() else {
            return false;
        };
        let mut all = true;
        for session in sessions.values() {
            match session.store.try_lock() {
                Ok(store) => {
                    if let Some(store) = store.as_ref() {
                        // A cache that could not be emptied is tried again on the next pass.
                        all &= store.let_go_of_cache().is_ok();
                        // Read back from the project when next needed: a project opened
                        // read-only does not store them, so it keeps them.
                        if !store.read_only() {
                            all &= session.let_go_of_vectors();
                        }
                    }
                }
                Err(_) => all = false,
            }
        }
        all
    }

    /// The window `label` came to the front.
    pub fn focused(&self, label: &str) {
        if let Ok(mut focus) = self.focus.lock() {
            focus.retain(|l| l != label);
            focus.push(label.to_string());
        }
    }

    /// The window that had the focus last.
    pub fn last_focused(&self) -> Option<String> {
        self.focus.lock().ok().and_then(|f| f.last().cloned())
    }

    /// A label no window has had: `project-1`, `project-2`, …
    pub fn new_window_label(&self) -> String {
        let taken = self
            .sessions
            .lock()
            .map(|s| s.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        loop {
            let label = format!(
                "project-{}",
                self.next_window.fetch_add(1, Ordering::SeqCst)
            );
            if !taken.contains(&label) {
                return label;
            }
        }
    }
}

/// Bring the window `label` to the front: shown, not minimised, focused.
pub fn bring_to_front<R: Runtime>(app: &AppHandle<R>, label: &str) {
    if let Some(w) = app.get_webview_window(label) {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

impl Here<'_> {
    /// The label of the window this is.
    /// The window's kept timeline layout.
    pub(crate) fn timeline(&self) -> &Mutex<Option<KeptTimeline>> {
        &self.session.timeline
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// The window has read the open project (see [`Session::shown`]); false if it had.
    pub fn mark_shown(&self) -> bool {
        !self.session.shown.swap(true, Ordering::SeqCst)
    }

    /// The language features of the window's project, if the model is installed.
    pub fn ai(&self) -> Option<Arc<crate::commands::ai::AiSession>> {
        self.session.ai.lock().ok().and_then(|a| a.clone())
    }

    /// The survey table waiting for the window's column mapping.
    pub fn pending_table(&self) -> &Mutex<Option<medskapa_core::formats::table::Table>> {
        &self.session.pending_table
    }

    pub fn set_startup_error(&self, e: CoreError) {
        if let Ok(mut s) = self.session.startup_error.lock() {
            *s = Some(e);
        }
    }

    pub fn take_startup_error(&self) -> Option<CoreError> {
        self.session
            .startup_error
            .lock()
            .ok()
            .and_then(|mut s| s.take())
    }

    /// The shared project waiting for a password, as `app_info` reports it.
    pub fn needs_password(&self) -> Option<String> {
        self.session
            .needs_password
            .lock()
            .ok()
            .and_then(|s| s.clone())
    }

    /// Open the project at `location` at start: a server that wants a password is left for
    /// the window to ask; any other failure is shown when the window is up.
    pub fn open_at_start<R: Runtime>(&self, app: &AppHandle<R>, location: &Location) {
        match self.open_location(app, location, None) {
            Ok(()) => {}
            Err(e) if e.code == ErrorCode::PasswordNeeded => {
                if let (Location::Server(address), Ok(mut slot)) =
                    (location, self.session.needs_password.lock())
                {
                    *slot = Some(shown_address(address));
                }
            }
            Err(e) => self.set_startup_error(e),
        }
    }

    /// Open a file or a shared project (see `open` and `open_shared`).
    pub fn open_location<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        location: &Location,
        password: Option<String>,
    ) -> Result<()> {
        match location {
            Location::File(path) => self.open(app, path),
            Location::Server(address) => self.open_shared(app, address, password),
        }
    }

    /// Open the shared project at `address`, replacing the current project, and remember
    /// it. The password is the one typed now, or else the one this session already used for
    /// that address; the recent list gets the address without it. The current project stays
    /// open if the new one cannot be opened.
    pub fn open_shared<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        address: &str,
        password: Option<String>,
    ) -> Result<()> {
        let shown = shown_address(address);
        let location = Location::Server(shown.clone());
        self.not_elsewhere(app, &location)?;
        let same = self
            .session
            .store
            .lock()
            .map_err(lock_err)?
            .as_ref()
            .is_some_and(|s| s.location() == &location);
        if !same || self.session.lost.load(Ordering::SeqCst) {
            let known = self
                .app
                .credentials
                .lock()
                .map_err(lock_err)?
                .get(&shown)
                .cloned();
            let credentials = match known {
                // The address as shown (from the recent list): as it was given this session.
                Some(k) if address == shown => Credentials {
                    address: k.address,
                    password: password.or(k.password),
                },
                Some(k) => Credentials {
                    address: address.to_string(),
                    password: password.or(k.password),
                },
                None => Credentials {
                    address: address.to_string(),
                    password,
                },
            };
            // Connect without holding the project: the server may take seconds to answer.
            blocking(|| -> Result<()> {
                let store =
                    Store::open_server(&credentials.address, credentials.password.as_deref())?;
                *self.session.store.lock().map_err(lock_err)? = Some(store);
                Ok(())
            })?;
            self.app
                .credentials
                .lock()
                .map_err(lock_err)?
                .insert(shown.clone(), credentials);
        }
        self.listen(app, &shown);
        self.opened(app, location)
    }

    /// Hear the others' changes to the shared project at `shown` (opened this session),
    /// unless that is already being done; stop listening to any other project.
    fn listen<R: Runtime>(&self, app: &AppHandle<R>, shown: &str) {
        let Ok(mut live) = self.session.live.lock() else {
            return;
        };
        if live.as_ref().is_some_and(|l| l.shown == shown) {
            return;
        }
        let credentials = self
            .app
            .credentials
            .lock()
            .ok()
            .and_then(|c| c.get(shown).cloned());
        *live = credentials.map(|c| {
            crate::live::Live::start(
                app,
                &self.label,
                Arc::downgrade(&self.session),
                shown.to_string(),
                c.address,
                c.password,
            )
        });
    }

    /// Stop hearing changes: a file was opened, or the project closed.
    fn stop_listening(&self) {
        if let Ok(mut live) = self.session.live.lock() {
            *live = None;
        }
    }

    /// After a project was opened: no connection is lost, nothing waits for a password any
    /// more, the recent list starts with it, and the window's title names it.
    fn opened<R: Runtime>(&self, app: &AppHandle<R>, location: Location) -> Result<()> {
        self.session.forget_timeline();
        if let Ok(mut l) = self.session.location.lock() {
            *l = Some(location.clone());
        }
        crate::commands::ai::start(app, &self.label, &self.session, location.clone());
        self.session.lost.store(false, Ordering::SeqCst);
        self.give_display_name();
        if let Ok(mut slot) = self.session.needs_password.lock() {
            *slot = None;
        }
        self.update_settings(|s| {
            s.recent.retain(|l| l != &location);
            s.recent.insert(0, location);
            s.recent.truncate(MAX_RECENT);
        })?;
        self.refresh_title(app);
        Ok(())
    }

    /// Give the open project the name the user goes by, when they have one and the project
    /// does not know it yet. A project that may not be changed does without.
    fn give_display_name(&self) {
        let name = self.settings().map(|s| s.name).unwrap_or_default();
        if name.is_empty() {
            return;
        }
        let _ = blocking(|| {
            self.with_store(|s| {
                if s.read_only() || s.display_name()?.as_deref() == Some(name.as_str()) {
                    return Ok(());
                }
                s.set_display_name(&name)
            })
        });
    }

    /// Connect to the shared project's server again after a command found the connection
    /// gone, with what this session used to open it, and carry on with the new connection.
    /// Nothing to do for a file, or when no connection was lost. The undo list of the lost
    /// connection is not carried over.
    pub fn reconnect(&self) -> Result<()> {
        blocking(|| self.connect_again())
    }

    fn connect_again(&self) -> Result<()> {
        let _one = self.session.reconnecting.lock().map_err(lock_err)?;
        if !self.session.lost.load(Ordering::SeqCst) {
            return Ok(());
        }
        let location = self
            .session
            .store
            .lock()
            .map_err(lock_err)?
            .as_ref()
            .map(|s| s.location().clone());
        let Some(Location::Server(shown)) = location else {
            self.session.lost.store(false, Ordering::SeqCst);
            return Ok(());
        };
        let credentials = self
            .app
            .credentials
            .lock()
            .map_err(lock_err)?
            .get(&shown)
            .cloned()
            .unwrap_or(Credentials {
                address: shown.clone(),
                password: None,
            });
        let store = Store::open_server(&credentials.address, credentials.password.as_deref())?;
        let mut guard = self.session.store.lock().map_err(lock_err)?;
        // Unless another project was opened meanwhile.
        if guard
            .as_ref()
            .is_some_and(|s| s.location() == store.location())
        {
            *guard = Some(store);
        }
        self.session.lost.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// Refuse to open the project at `location` when another window has it open, and bring
    /// that window to the front; refuse too when this window is gone.
    fn not_elsewhere<R: Runtime>(&self, app: &AppHandle<R>, location: &Location) -> Result<()> {
        if self.session.closed.load(Ordering::SeqCst) {
            return Err(CoreError::internal(format!(
                "{location}: not opened, its window was closed"
            )));
        }
        let Some(other) = self.window_with(location, &self.label) else {
            return Ok(());
        };
        bring_to_front(app, &other);
        let name = match location {
            Location::File(path) => path
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_else(|| location.to_string()),
            Location::Server(_) => location.to_string(),
        };
        Err(CoreError::of(
            ErrorCode::OpenElsewhere,
            name,
            "already open in another Medskapa window; that window is now in front",
        ))
    }

    /// Open a project file (with the single-writer lock), replacing the current one, and
    /// remember it; one rolling backup a day goes to this computer's data folder (a shared
    /// project has none here: its backups are the server's). The current project stays open
    /// if the new one cannot be opened.
    pub fn open<R: Runtime>(&self, app: &AppHandle<R>, path: &Path) -> Result<()> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.not_elsewhere(app, &Location::File(path.clone()))?;
        blocking(|| -> Result<()> {
            let mut guard = self.session.store.lock().map_err(lock_err)?;
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
            Ok(())
        })?;
        self.stop_listening();
        self.opened(app, Location::File(path))
    }

    pub fn close<R: Runtime>(&self, app: &AppHandle<R>) -> Result<()> {
        self.stop_listening();
        self.session.forget_timeline();
        if let Ok(mut ai) = self.session.ai.lock() {
            *ai = None;
        }
        blocking(|| -> Result<()> {
            *self.session.store.lock().map_err(lock_err)? = None;
            Ok(())
        })?;
        if let Ok(mut l) = self.session.location.lock() {
            *l = None;
        }
        self.session.lost.store(false, Ordering::SeqCst);
        self.refresh_title(app);
        Ok(())
    }

    /// "<project> – Medskapa", or just "Medskapa".
    pub fn refresh_title<R: Runtime>(&self, app: &AppHandle<R>) {
        let name = blocking(|| {
            self.session
                .store
                .lock()
                .ok()
                .and_then(|g| g.as_ref().and_then(|s| s.project_info().ok()))
                .map(|i| i.name)
        });
        if let Some(w) = app.get_webview_window(&self.label) {
            let title = match name {
                Some(n) => format!("{n} – Medskapa"),
                None => "Medskapa".into(),
            };
            let _ = w.set_title(&title);
        }
    }

    /// Run `f` on the open project. For a shared project whose connection was found gone,
    /// connect again first; a command that finds it gone fails with `offline` (nothing is
    /// retried: an edit is never sent twice) and the next one connects again.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        blocking(|| self.with_store(f))
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let closed = self
            .session
            .store
            .lock()
            .map_err(lock_err)?
            .as_ref()
            .is_some_and(Store::connection_lost);
        if closed {
            self.session.lost.store(true, Ordering::SeqCst);
        }
        if self.session.lost.load(Ordering::SeqCst) {
            self.reconnect()?;
        }
        let mut guard = self.session.store.lock().map_err(lock_err)?;
        let Some(store) = guard.as_mut() else {
            return Err(CoreError::new(ErrorCode::NoProject, "no project is open"));
        };
        let result = f(store);
        crate::memory::project_read();
        let offline = matches!(&result, Err(e) if e.code == ErrorCode::Offline);
        if (offline && store.path().is_none()) || store.connection_lost() {
            self.session.lost.store(true, Ordering::SeqCst);
        }
        result
    }
}
