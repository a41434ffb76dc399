//! One Medskapa process, one window per project. A second `medskapa` or `medskapa open
//! PROJECT` while the app runs hands its arguments to this process (through the
//! single-instance plugin) and exits: the project opens here in a window of its own, or the
//! window that already has it comes to the front.

use std::path::Path;

use medskapa_core::store::Location;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::state::{bring_to_front, shown_address, AppState};

/// The first window, made from `tauri.conf.json`.
pub const MAIN: &str = "main";

/// The name a running Medskapa is found by: the app's identifier and its settings folder
/// (`XDG_CONFIG_HOME`, `HOME`). Launches with the same settings share one process; another
/// settings folder (another user profile) is another Medskapa with a recent list of its own.
pub fn instance_id(identifier: &str) -> String {
    // FNV-1a: the same value in every build, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for var in ["XDG_CONFIG_HOME", "HOME"] {
        let value = std::env::var_os(var).unwrap_or_default();
        for byte in value.as_encoded_bytes().iter().chain([&0u8]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{identifier}.p{hash:016x}")
}

/// The project a second launch asks for: a file (relative to the folder it was started in)
/// or a shared project's address; `None` for a launch without one.
pub fn requested(argv: &[String], cwd: &Path) -> Option<Location> {
    let project = crate::cli::gui_project(argv)?;
    Some(match Location::of(&project) {
        Location::File(p) if p.is_relative() => Location::File(cwd.join(p)),
        other => other,
    })
}

/// A second launch, with its arguments and its working folder: its project opens in a
/// window (see [`open_in_window`]); without one, the window used last comes to the front.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: &[String], cwd: &str) {
    match requested(argv, Path::new(cwd)) {
        Some(location) => {
            if let Err(e) = open_in_window(app, &location) {
                eprintln!("medskapa: cannot open a window for {location}: {e}");
            }
        }
        None => {
            if let Some(label) = front_window(app) {
                bring_to_front(app, &label);
            }
        }
    }
}

/// The window that had the focus last, or else any window.
fn front_window<R: Runtime>(app: &AppHandle<R>) -> Option<String> {
    let windows = app.webview_windows();
    app.try_state::<AppState>()
        .and_then(|s| s.last_focused())
        .filter(|label| windows.contains_key(label))
        .or_else(|| windows.keys().next().cloned())
}

/// Bring the window that has the project at `location` open to the front, or open it in a
/// new window `project-N`. A project that cannot be opened is explained in the new window.
/// Returns the window's label.
pub fn open_in_window<R: Runtime>(
    app: &AppHandle<R>,
    location: &Location,
) -> tauri::Result<String> {
    let Some(state) = app.try_state::<AppState>() else {
        return Ok(MAIN.to_string());
    };
    let key = match location {
        Location::File(p) => Location::File(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
        Location::Server(address) => Location::Server(shown_address(address)),
    };
    if let Some(label) = state.window_with(&key, "") {
        bring_to_front(app, &label);
        return Ok(label);
    }
    let label = state.new_window_label();
    let here = state.here(&label);
    // Opened before the window exists, so its first look finds the project.
    here.open_at_start(app, location);
    if let Err(e) = new_window(app, &label) {
        state.window_closed(&label);
        return Err(e);
    }
    here.refresh_title(app);
    bring_to_front(app, &label);
    Ok(label)
}

/// A window like the first one (size, smallest size, title), labelled `label`.
fn new_window<R: Runtime>(app: &AppHandle<R>, label: &str) -> tauri::Result<WebviewWindow<R>> {
    let main = app.config().app.windows.iter().find(|w| w.label == MAIN);
    match main {
        Some(config) => {
            let mut config = config.clone();
            config.label = label.to_string();
            config.url = WebviewUrl::App("index.html".into());
            WebviewWindowBuilder::from_config(app, &config)?.build()
        }
        None => WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
            .title("Medskapa")
            .build(),
    }
}
