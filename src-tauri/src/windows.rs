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
    // Where the bus cannot be asked, the plugin finds what it finds, as before.
    match zbus::blocking::Connection::session() {
        Ok(bus) => may_hand_over_on(&bus, id, ANSWER_WAIT, GONE_WAIT),
        Err(_) => true,
    }
}

/// [`may_hand_over`] on the bus `bus`, with its waits given.
#[cfg(target_os = "linux")]
fn may_hand_over_on(
    bus: &zbus::blocking::Connection,
    id: &str,
    answer_wait: std::time::Duration,
    gone_wait: std::time::Duration,
) -> bool {
    use zbus::blocking::fdo::{DBusProxy, PeerProxy};
    use zbus::names::BusName;

    let Ok(name) = BusName::try_from(format!("{id}.SingleInstance")) else {
        return true;
    };
    let Ok(dbus) = DBusProxy::new(bus) else {
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
    if rx.recv_timeout(answer_wait) == Ok(true) {
        return true;
    }
    let started = std::time::Instant::now();
    while owned(&name) {
        if started.elapsed() >= gone_wait {
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
    let project = medskapa_cli::gui_project(argv)?;
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

/// [`may_hand_over`] against a session bus of the tests' own (`dbus-daemon`), with the running
/// Medskapa played by a copy of this test binary that owns its name: one that answers, one
/// that is stopped (as a killed Medskapa whose last threads have not yet ended), and one that
/// goes while the launch waits.
#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::{BufRead, BufReader, Lines};
    use std::process::{Child, ChildStdout, Command, Stdio};
    use std::time::{Duration, Instant};

    use super::may_hand_over_on;

    const OWNER_BUS: &str = "MEDSKAPA_TEST_OWNER_BUS";
    const OWNER_NAME: &str = "MEDSKAPA_TEST_OWNER_NAME";
    const ANSWER: Duration = Duration::from_millis(500);
    const GONE: Duration = Duration::from_millis(1500);

    struct Bus {
        daemon: Child,
        address: String,
    }

    impl Bus {
        fn start() -> Bus {
            let mut daemon = Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--print-address=1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("dbus-daemon starts (Debian package dbus-daemon)");
            let mut address = String::new();
            BufReader::new(daemon.stdout.take().expect("piped"))
                .read_line(&mut address)
                .expect("dbus-daemon prints its address");
            Bus {
                daemon,
                address: address.trim().to_string(),
            }
        }

        fn connect(&self) -> zbus::blocking::Connection {
            zbus::blocking::connection::Builder::address(self.address.as_str())
                .and_then(|b| b.build())
                .expect("connects to the tests' bus")
        }
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    /// A running Medskapa as the bus sees it: a process that owns `{id}.SingleInstance`.
    struct Owner {
        child: Child,
        _out: Lines<BufReader<ChildStdout>>,
    }

    impl Owner {
        fn start(bus: &Bus, id: &str) -> Owner {
            let mut child = Command::new(std::env::current_exe().expect("the test binary"))
                .args([
                    "windows::tests::name_owner",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                ])
                .env(OWNER_BUS, &bus.address)
                .env(OWNER_NAME, format!("{id}.SingleInstance"))
                .stdout(Stdio::piped())
                .spawn()
                .expect("the owner starts");
            let mut out = BufReader::new(child.stdout.take().expect("piped")).lines();
            loop {
                match out.next() {
                    Some(Ok(line)) if line.trim() == "owned" => break,
                    Some(_) => continue,
                    None => panic!("the owner ended before it owned the name"),
                }
            }
            Owner { child, _out: out }
        }

        /// Stops it: it keeps its name but reads no more messages.
        fn stop(&self) {
            let pid = i32::try_from(self.child.id()).expect("a pid");
            // SAFETY: a signal to our own child, which has not been waited for.
            assert_eq!(unsafe { libc::kill(pid, libc::SIGSTOP) }, 0);
        }

        fn kill(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Drop for Owner {
        fn drop(&mut self) {
            self.kill();
        }
    }

    /// The stand-in for a running Medskapa, run by [`Owner::start`] (ignored otherwise).
    #[test]
    #[ignore = "a helper process for the tests below"]
    fn name_owner() {
        let (Ok(address), Ok(name)) = (std::env::var(OWNER_BUS), std::env::var(OWNER_NAME)) else {
            return;
        };
        let conn = zbus::blocking::connection::Builder::address(address.as_str())
            .and_then(|b| b.name(name))
            .and_then(|b| b.build())
            .expect("owns the name");
        // It answers pings, as the single-instance plugin's connection does.
        let _ = conn.object_server();
        println!("owned");
        std::thread::sleep(Duration::from_secs(60));
    }

    #[test]
    fn a_launch_with_no_medskapa_running_hands_over_at_once() {
        let bus = Bus::start();
        let started = Instant::now();
        assert!(may_hand_over_on(
            &bus.connect(),
            "se.medskapa.test.none",
            ANSWER,
            GONE
        ));
        assert!(
            started.elapsed() < ANSWER,
            "it did not wait for an answer from nobody"
        );
    }

    #[test]
    fn a_launch_hands_over_to_a_medskapa_that_answers() {
        let bus = Bus::start();
        let _owner = Owner::start(&bus, "se.medskapa.test.live");
        assert!(may_hand_over_on(
            &bus.connect(),
            "se.medskapa.test.live",
            ANSWER,
            GONE
        ));
    }

    #[test]
    fn a_launch_does_not_hand_over_to_a_medskapa_that_stays_silent() {
        let bus = Bus::start();
        let owner = Owner::start(&bus, "se.medskapa.test.silent");
        owner.stop();
        let started = Instant::now();
        assert!(!may_hand_over_on(
            &bus.connect(),
            "se.medskapa.test.silent",
            ANSWER,
            GONE
        ));
        assert!(
            started.elapsed() >= GONE,
            "it waited for the silent one to go"
        );
    }

    #[test]
    fn a_launch_hands_over_once_a_silent_medskapa_is_gone() {
        let bus = Bus::start();
        let mut owner = Owner::start(&bus, "se.medskapa.test.going");
        owner.stop();
        let waiting = std::thread::spawn({
            let conn = bus.connect();
            move || {
                may_hand_over_on(
                    &conn,
                    "se.medskapa.test.going",
                    ANSWER,
                    Duration::from_secs(30),
                )
            }
        });
        std::thread::sleep(ANSWER * 2);
        owner.kill();
        assert!(
            waiting.join().expect("the launch's check ends"),
            "the name was free once it had gone"
        );
    }
}
