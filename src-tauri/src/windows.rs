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

/// How long a running Medskapa has to answer before it counts as on its way out.
#[cfg(target_os = "linux")]
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// How long a launch waits for a Medskapa on its way out to be gone.
#[cfg(target_os = "linux")]
const GONE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether this launch may look for a running Medskapa (`id`, see [`instance_id`]) to hand
/// its project to: when the one it would find does not answer, wait for it to be gone;
/// false when it is still there after [`GONE_WAIT`] (this launch then runs on its own).
///
/// A Medskapa that was killed or crashed keeps its name on the session bus until the last of
/// its threads has ended, and the language model's threads, at idle priority, may take
/// seconds to be let end on a busy machine. A launch meanwhile would hand its project to that
/// process, get no answer and fail to start. Without a session bus, or with a running
/// Medskapa that answers, this returns at once.
#[cfg(target_os = "linux")]
pub fn may_hand_over(id: &str) -> bool {
    use zbus::blocking::{fdo::DBusProxy, fdo::PeerProxy, Connection};
    use zbus::names::BusName;

    // Where the bus cannot be asked, the plugin finds what it finds, as before.
    let Ok(name) = BusName::try_from(format!("{id}.SingleInstance")) else {
        return true;
    };
    let Ok(bus) = Connection::session() else {
        return true;
    };
    let Ok(dbus) = DBusProxy::new(&bus) else {
        return true;
    };
    let owned = |name: &BusName<'static>| dbus.name_has_owner(name.clone()).unwrap_or(false);
    if !owned(&name) {
        return true;
    }
    // A ping to a process that no longer reads its messages is answered by nobody until it
    // is gone: ask on a thread of its own and wait a moment.
    let (tx, rx) = std::sync::mpsc::channel();
    let (conn, peer_name) = (bus.clone(), name.clone());
    let _ = std::thread::Builder::new()
        .name("ping-instance".into())
        .spawn(move || {
            let answered = PeerProxy::builder(&conn)
                .destination(peer_name)
                .and_then(|b| b.path("/"))
                .and_then(|b| b.build())
                .and_then(|peer| peer.ping());
            let _ = tx.send(answered.is_ok());
        });
    if rx.recv_timeout(ANSWER_WAIT) == Ok(true) {
        return true;
    }
    let started = std::time::Instant::now();
    while owned(&name) {
        if started.elapsed() >= GONE_WAIT {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    true
}

/// Elsewhere the plugin finds a running Medskapa its own way.
#[cfg(not(target_os = "linux"))]
pub fn may_hand_over(_id: &str) -> bool {
    true
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
