//! One process, one window per project: each window has its own project, a project open in
//! one window is not opened again in another (that window comes to the front instead), a
//! second launch's project opens in a new window, and closing a window closes its project.

use std::path::Path;

use serde_json::{json, Value};
use tauri::Manager;

use medskapa_core::store::{Location, OpenOptions, Store};
use medskapa_core::support::error::ErrorCode;

use super::{call_in, harness, Harness};
use crate::windows::{open_in_window, requested};
use crate::AppState;

/// The demo in "main", a new project "Bygdegården" in a second window "project-1".
fn two_projects(
    h: &Harness,
) -> (
    std::path::PathBuf,
    tauri::WebviewWindow<tauri::test::MockRuntime>,
) {
    h.call("open_demo", json!({})).expect("open_demo");
    let second = h.second_window("project-1");
    let file = h.dir.path().join("bygdegarden.medskapa");
    drop(Store::create(&file, "Bygdegården").expect("a project"));
    let state = h.window.state::<AppState>();
    state
        .here("project-1")
        .open(h.window.app_handle(), &file)
        .expect("opens in the second window");
    (file, second)
}

fn project_name(info: &Value) -> &str {
    info["project"]["name"].as_str().unwrap_or("")
}

#[test]
fn two_windows_have_a_project_each() {
    let h = harness();
    let second = h.second_window("project-1");
    h.call("open_demo", json!({})).expect("open_demo");
    let info = call_in(&second, "app_info", json!({})).expect("app_info");
    assert_eq!(
        info["project"],
        Value::Null,
        "the second window has none yet"
    );
    let err = call_in(&second, "overview", json!({})).expect_err("no project there");
    assert_eq!(err["code"], "no_project");
    drop(second);

    let h = harness();
    let (_, second) = two_projects(&h);
    let main_info = h.call("app_info", json!({})).expect("app_info");
    let second_info = call_in(&second, "app_info", json!({})).expect("app_info");
    assert_eq!(project_name(&main_info), "Nya stadsbiblioteket Helsingborg");
    assert_eq!(project_name(&second_info), "Bygdegården");
    assert_eq!(
        h.call("overview", json!({})).expect("overview")["needs"],
        120
    );
    assert_eq!(
        call_in(&second, "overview", json!({})).expect("overview")["needs"],
        0
    );
    // An edit in one window goes to its own project only.
    let data = call_in(&second, "project_data", json!({})).expect("data");
    let mut edited = data["project"].clone();
    edited["name"] = json!("Bygdegården i Ödåkra");
    call_in(&second, "save_project_info", json!({"info": edited})).expect("saved");
    assert_eq!(
        project_name(&call_in(&second, "app_info", json!({})).expect("app_info")),
        "Bygdegården i Ödåkra"
    );
    assert_eq!(
        project_name(&h.call("app_info", json!({})).expect("app_info")),
        "Nya stadsbiblioteket Helsingborg"
    );
    // Closing the project in one window leaves the other's open.
    call_in(&second, "close_project", json!({})).expect("close");
    assert_eq!(
        h.call("overview", json!({})).expect("overview")["needs"],
        120
    );
}

#[test]
fn a_project_open_in_one_window_is_not_opened_in_another() {
    let h = harness();
    let (file, second) = two_projects(&h);
    // The demo is open in "main": the second window is told, and keeps its own project.
    let err = call_in(&second, "open_demo", json!({})).expect_err("open elsewhere");
    assert_eq!(err["code"], "open_elsewhere");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("Demo")),
        "the message names the file: {err}"
    );
    let info = call_in(&second, "app_info", json!({})).expect("app_info");
    assert_eq!(project_name(&info), "Bygdegården");
    // The same through the recent list (most recent first: the second window's file).
    let recent = info["recent"].as_array().cloned().unwrap_or_default();
    assert_eq!(recent.len(), 2, "{info}");
    let err = h
        .call("open_recent", json!({"index": 0}))
        .expect_err("open in the second window");
    assert_eq!(err["code"], "open_elsewhere");
    assert!(err["message"]
        .as_str()
        .unwrap_or("")
        .contains("bygdegarden.medskapa"));
    assert_eq!(
        h.call("overview", json!({})).expect("still the demo")["needs"],
        120
    );
    // Another spelling of the same file is the same file.
    let spelled = file
        .parent()
        .expect("a folder")
        .join("..")
        .join(file.parent().and_then(Path::file_name).expect("a name"))
        .join("bygdegarden.medskapa");
    let state = h.window.state::<AppState>();
    let e = state
        .here("main")
        .open(h.window.app_handle(), &spelled)
        .expect_err("open in the second window");
    assert_eq!(e.code, ErrorCode::OpenElsewhere);
    // The window that has the project opens it again without complaint.
    call_in(&second, "open_recent", json!({"index": 0})).expect("its own project");
}

#[test]
fn closing_a_window_closes_its_project_and_frees_the_file() {
    let h = harness();
    let (file, second) = two_projects(&h);
    let held = Store::open(&file, OpenOptions { lock: true }).err();
    assert_eq!(
        held.map(|e| e.code),
        Some(ErrorCode::Locked),
        "held by the window"
    );
    let state = h.window.state::<AppState>();
    // What the app does when the window is destroyed.
    state.window_closed("project-1");
    drop(Store::open(&file, OpenOptions { lock: true }).expect("free once its window closed"));
    assert_eq!(state.window_with(&Location::File(file.clone()), ""), None);
    // The other window keeps its project; the file may now open there.
    assert_eq!(
        h.call("overview", json!({})).expect("overview")["needs"],
        120
    );
    drop(second);
    state
        .here("main")
        .open(h.window.app_handle(), &file)
        .expect("opens where it is free");
}

#[test]
fn a_second_launch_opens_its_project_in_a_new_window_or_finds_the_one_that_has_it() {
    let h = harness();
    h.call("open_demo", json!({})).expect("open_demo");
    let app = h.window.app_handle();
    let demo = h.window.state::<AppState>().demo_path();
    // Handed the demo again, under its folder's name: the first window has it.
    let relative = Path::new(demo.file_name().expect("a name"));
    let cwd = demo.parent().expect("a folder");
    let argv = |p: &Path| vec!["medskapa".into(), "open".into(), p.display().to_string()];
    let location = requested(&argv(relative), cwd).expect("a project");
    assert_eq!(location, Location::File(cwd.join(relative)));
    assert_eq!(open_in_window(app, &location).expect("a window"), "main");
    assert!(app.get_webview_window("project-1").is_none());
    // Another project: a new window, with that project.
    let file = h.dir.path().join("skolan.medskapa");
    drop(Store::create(&file, "Skolan").expect("a project"));
    let label =
        open_in_window(app, &requested(&argv(&file), cwd).expect("a project")).expect("a window");
    assert_eq!(label, "project-1");
    let window = app.get_webview_window(&label).expect("the new window");
    let info = call_in(&window, "app_info", json!({})).expect("app_info");
    assert_eq!(project_name(&info), "Skolan");
    assert_eq!(
        project_name(&h.call("app_info", json!({})).expect("app_info")),
        "Nya stadsbiblioteket Helsingborg"
    );
    // Once more: the window that has it.
    let again = open_in_window(app, &Location::File(file.clone())).expect("a window");
    assert_eq!(again, "project-1");
    // A project that cannot be opened: the new window says why.
    let broken = h.dir.path().join("trasig.medskapa");
    std::fs::write(&broken, b"not a project").expect("a file");
    let label = open_in_window(app, &Location::File(broken)).expect("a window");
    assert_eq!(label, "project-2");
    let window = app.get_webview_window(&label).expect("the new window");
    let err = call_in(&window, "startup_error", json!({})).expect("startup_error");
    assert!(err["code"].is_string(), "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("trasig.medskapa"),
        "{err}"
    );
}

#[test]
fn a_second_launch_without_a_project_or_with_a_subcommand_names_none() {
    let cwd = Path::new("/home/anna");
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(requested(&args(&["medskapa"]), cwd), None);
    assert_eq!(
        requested(&args(&["medskapa", "check", "p.medskapa"]), cwd),
        None
    );
    assert_eq!(
        requested(&args(&["medskapa", "open", "/data/p.medskapa"]), cwd),
        Some(Location::File("/data/p.medskapa".into()))
    );
    assert_eq!(
        requested(&args(&["medskapa", "open", "p.medskapa"]), cwd),
        Some(Location::File("/home/anna/p.medskapa".into()))
    );
    // `medskapa FILE`, as the file manager starts it.
    assert_eq!(
        requested(&args(&["medskapa", "p.medskapa"]), cwd),
        Some(Location::File("/home/anna/p.medskapa".into()))
    );
    assert_eq!(
        requested(
            &args(&["medskapa", "open", "postgresql://db.example/bibliotek"]),
            cwd
        ),
        Some(Location::Server("postgresql://db.example/bibliotek".into()))
    );
}
