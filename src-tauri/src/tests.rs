//! Command tests on Tauri's mock runtime: the typed boundary as the webview sees it.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

use medskapa_core::store::Location;

use crate::{AppState, Here};

struct Harness {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness_in(dir: tempfile::TempDir) -> Harness {
    let app = crate::builder(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("build the mock app");
    app.manage(AppState::new(
        dir.path().join("config"),
        dir.path().join("data"),
    ));
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    Harness {
        _app: app,
        window,
        dir,
    }
}

fn harness() -> Harness {
    harness_in(tempfile::tempdir().expect("temp dir"))
}

impl Harness {
    /// The app state as the window "main" sees it.
    fn here(&self) -> Here<'_> {
        self.window.state::<AppState>().inner().here("main")
    }

    /// Another window of the same app, as a second launch opens one.
    fn second_window(&self, label: &str) -> WebviewWindow<MockRuntime> {
        tauri::WebviewWindowBuilder::new(&self._app, label, Default::default())
            .build()
            .expect("a second mock window")
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call_in(&self.window, cmd, args)
    }
}

/// Call a command from `window`, as its page would.
fn call_in(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        get_ipc_response(window, request).map(|b| b.deserialize::<Value>().expect("JSON response"))
    }
}

#[test]
fn without_a_project_commands_say_so() {
    let h = harness();
    let info = h.call("app_info", json!({})).expect("app_info");
    assert_eq!(info["project"], Value::Null);
    assert_eq!(info["lang"], "sv", "Swedish first");
    let err = h.call("overview", json!({})).expect_err("no project");
    assert_eq!(err["code"], "no_project");
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn the_language_choice_persists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    let h = harness_in(dir);
    h.call("set_lang", json!({"lang": "en"})).expect("set_lang");
    assert_eq!(h.call("app_info", json!({})).unwrap()["lang"], "en");
    // A language the app does not have is refused at the boundary and changes nothing.
    h.call("set_lang", json!({"lang": "xx"}))
        .expect_err("unknown");
    assert_eq!(h.call("app_info", json!({})).unwrap()["lang"], "en");
    // A new start reads the saved choice.
    let again = AppState::new(config, std::env::temp_dir());
    assert_eq!(
        again.settings().unwrap().lang,
        medskapa_core::support::lang::Lang::En
    );
}

#[test]
fn an_unknown_language_in_the_settings_keeps_the_recent_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let project = dir.path().join("p.medskapa");
    std::fs::write(
        config.join("settings.json"),
        serde_json::to_string(&json!({"lang": "de", "recent": [project]})).unwrap(),
    )
    .unwrap();
    let state = AppState::new(config, dir.path().join("data"));
    let settings = state.settings().unwrap();
    assert_eq!(settings.lang, medskapa_core::support::lang::Lang::Sv);
    assert_eq!(settings.recent, vec![Location::File(project)]);
}

#[test]
fn the_recent_list_keeps_files_and_shared_projects_but_never_a_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let project = dir.path().join("p.medskapa");
    // As an older version wrote it, with what a hand edit may add.
    std::fs::write(
        config.join("settings.json"),
        serde_json::to_string(&json!({
            "lang": "en",
            "recent": [project, "postgresql://anna:hemligt@db.example/bibliotek?sslmode=require", 7, null, ""],
        }))
        .unwrap(),
    )
    .unwrap();
    let state = AppState::new(config.clone(), dir.path().join("data"));
    let settings = state.settings().unwrap();
    assert_eq!(settings.lang, medskapa_core::support::lang::Lang::En);
    let shared = Location::Server("postgresql://anna@db.example/bibliotek?sslmode=require".into());
    assert_eq!(
        settings.recent,
        vec![Location::File(project.clone()), shared.clone()]
    );
    state.update_settings(|_| {}).expect("write the settings");
    let text = std::fs::read_to_string(config.join("settings.json")).unwrap();
    assert!(!text.contains("hemligt"), "{text}");
    let again = AppState::new(config, dir.path().join("data"));
    assert_eq!(
        again.settings().unwrap().recent,
        vec![Location::File(project), shared]
    );
}

#[test]
fn a_list_that_is_not_a_list_leaves_the_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.json"),
        r#"{"lang": "en", "recent": "p.medskapa"}"#,
    )
    .unwrap();
    let settings = AppState::new(config, dir.path().join("data"))
        .settings()
        .unwrap();
    assert_eq!(settings.lang, medskapa_core::support::lang::Lang::En);
    assert!(settings.recent.is_empty());
}

#[test]
fn the_demo_opens_and_planning_commands_work() {
    let h = harness();
    let summary = h.call("open_demo", json!({})).expect("open_demo");
    assert_eq!(summary["name"], "Nya stadsbiblioteket Helsingborg");
    assert_eq!(summary["read_only"], false);
    let info = h.call("app_info", json!({})).unwrap();
    assert_eq!(info["project"]["name"], "Nya stadsbiblioteket Helsingborg");
    assert_eq!(info["recent"].as_array().map(|a| a.len()), Some(1));

    let overview = h.call("overview", json!({})).expect("overview");
    assert_eq!(overview["needs"], 120);

    let data = h.call("project_data", json!({})).expect("project_data");
    assert!(data.get("needs").is_none(), "needs come by page");
    assert!(data.get("activities").is_none(), "activities come by page");
    let page = h
        .call(
            "activities_page",
            json!({ "filter": { "status": "held" }, "offset": 0, "limit": 3, "show": null }),
        )
        .expect("activities_page");
    assert_eq!(page["rows"].as_array().map(|a| a.len()), Some(3), "{page}");
    let activity = &page["rows"][0];
    assert_eq!(activity["status"], "held", "{activity}");
    assert!(activity["title"].is_string(), "{activity}");
    assert!(
        activity.get("notes").is_none(),
        "an activity's notes come with its form: {activity}"
    );
    let decision = data["decisions"][0].clone();

    // A key question due after its decision: saved, and the check reports it.
    let q = json!({
        "id": "", "title": "Vad behöver vi veta om sagohörnan?", "description": "",
        "decision_id": decision["id"], "needed_by": "2099-01-01", "influence_level": "dialogue",
        "open_to_influence": "", "fixed": "", "promise": "", "owner": "", "status": "open",
        "answer": "", "effect_goal_ids": []
    });
    let saved = h
        .call("save_key_question", json!({"question": q}))
        .expect("saved");
    let id = saved["id"].as_str().expect("an id").to_string();
    let warnings = h.call("check", json!({})).expect("check");
    assert!(warnings
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "question_after_decision" && w["id"] == id.as_str()));

    // Bad input names the field and saves nothing.
    let mut bad = saved.clone();
    bad["title"] = json!("  ");
    let err = h
        .call("save_key_question", json!({"question": bad}))
        .expect_err("refused");
    assert_eq!(err["code"], "required");
    assert_eq!(err["field"], "title");
    let mut bad = saved.clone();
    bad["needed_by"] = json!("inte ett datum");
    let err = h
        .call("save_key_question", json!({"question": bad}))
        .expect_err("refused");
    assert_eq!(err["code"], "not_a_date");
    assert_eq!(err["field"], "needed_by");
    let data = h.call("project_data", json!({})).unwrap();
    let stored = data["key_questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id.as_str())
        .cloned()
        .expect("still there");
    assert_eq!(stored["title"], "Vad behöver vi veta om sagohörnan?");
    assert_eq!(stored["needed_by"], "2099-01-01");

    let html = h
        .call(
            "render_markdown",
            json!({"src": "**Åtgärd** <script>x</script>"}),
        )
        .unwrap();
    assert!(html.as_str().unwrap().contains("<strong>Åtgärd</strong>"));
    assert!(!html.as_str().unwrap().contains("<script>"));

    h.call("close_project", json!({})).expect("close");
    assert_eq!(
        h.call("app_info", json!({})).unwrap()["project"],
        Value::Null
    );
    h.call("open_recent", json!({"index": 0}))
        .expect("reopens from the recent list");
}

#[test]
fn an_idle_project_lets_go_of_its_cached_pages_but_a_busy_one_keeps_them() {
    let h = harness();
    h.call("open_demo", json!({})).expect("open_demo");
    h.call("project_data", json!({})).expect("project_data");
    let cached = |h: &Harness| h.here().with(|s| Ok(s.cache_used())).expect("cache");
    let before = cached(&h);
    assert!(before > 0, "reading the project leaves pages cached");
    let state = h.window.state::<AppState>();
    let busy = h
        .here()
        .with(|_| Ok(state.let_go_of_caches()))
        .expect("busy");
    assert!(!busy, "a project in use keeps its cache");
    assert!(cached(&h) >= before, "kept while in use");
    assert!(state.let_go_of_caches(), "every cache emptied");
    assert!(
        cached(&h) < before / 4,
        "{} bytes left of {before}",
        cached(&h)
    );
    // The project reads on as before.
    assert_eq!(
        h.call("overview", json!({})).expect("overview")["needs"],
        120
    );
}

#[test]
fn damaged_settings_are_set_aside_reported_once_and_never_overwritten() {
    use medskapa_core::support::error::ErrorCode;
    use medskapa_core::support::lang::Lang;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let settings = config.join("settings.json");
    // A file cut off mid-write: not JSON.
    let damaged = b"{\"lang\": \"en\", \"recent\": [\"/home/a/proj";
    std::fs::write(&settings, damaged).unwrap();
    let set_aside = |config: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(config)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with("settings.json.damaged-"))
            .collect();
        v.sort();
        v
    };

    let h = harness_in(dir);
    // The app starts, with the defaults, and the damaged file is kept beside, byte for byte.
    assert_eq!(h.call("app_info", json!({})).unwrap()["lang"], "sv");
    assert!(
        !settings.exists(),
        "the damaged file is moved out of the way"
    );
    let aside = set_aside(&config);
    assert_eq!(aside.len(), 1, "{aside:?}");
    let stamp = aside[0].trim_start_matches("settings.json.damaged-");
    assert_eq!(stamp.len(), 15, "YYYYMMDD-HHMMSS: {stamp}");
    assert!(stamp
        .char_indices()
        .all(|(i, c)| if i == 8 { c == '-' } else { c.is_ascii_digit() }));
    assert_eq!(std::fs::read(config.join(&aside[0])).unwrap(), damaged);

    // The window hears about it at start, once, marked as the settings' problem.
    let err = h.call("startup_error", json!({})).expect("startup_error");
    assert_eq!(err["code"], "damaged");
    assert_eq!(err["field"], "settings");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(&*settings.to_string_lossy()), "{message}");
    assert!(message.contains(&aside[0]), "{message}");
    assert_eq!(h.call("startup_error", json!({})).unwrap(), Value::Null);

    // Saving a setting writes a new file and leaves the damaged one alone.
    h.call("set_lang", json!({"lang": "en"})).expect("set_lang");
    let again = AppState::new(config.clone(), std::env::temp_dir());
    assert_eq!(again.settings().unwrap().lang, Lang::En);
    assert!(again.take_settings_problem().is_none());
    assert_eq!(std::fs::read(config.join(&aside[0])).unwrap(), damaged);

    // JSON of another shape is not settings either; a second damaged file in the same
    // second gets a name of its own.
    std::fs::write(&settings, b"[1, 2, 3]").unwrap();
    let third = AppState::new(config.clone(), std::env::temp_dir());
    assert_eq!(third.settings().unwrap().lang, Lang::Sv);
    let problem = third.take_settings_problem().expect("a problem to show");
    assert_eq!(problem.code, ErrorCode::Damaged);
    assert_eq!(set_aside(&config).len(), 2);
    assert_eq!(std::fs::read(config.join(&aside[0])).unwrap(), damaged);
}

#[test]
fn no_settings_file_is_no_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(dir.path().join("config"), dir.path().join("data"));
    assert!(state.take_settings_problem().is_none());
}

mod live;
mod outputs;
mod people;
mod shared;
mod timeline;
mod windows;
