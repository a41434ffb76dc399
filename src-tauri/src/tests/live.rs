//! Live updates of a shared project, against a real server (`medskapa_core::testing`): the
//! window hears the others' changes within two seconds, not its own, and nothing once the
//! project is closed. Every test is named `pg_…`.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use tauri::Listener;

use medskapa_core::domain::model::Need;
use medskapa_core::store::Store;
use medskapa_core::testing;

use super::harness;

#[test]
fn pg_the_window_hears_the_others_changes_and_not_its_own() {
    let h = harness();
    let server = testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server: {e}"));
    let url = server.database("live").expect("a database");
    let demo = medskapa_core::app::demo::create_demo(&h.dir.path().join("demo.medskapa"))
        .and_then(|s| s.load_project())
        .expect("the demo");
    Store::share(&demo, &url, None).expect("share the demo");

    let (send, heard) = mpsc::channel::<Value>();
    h._app.listen_any(crate::live::EVENT, move |event| {
        let _ = send.send(serde_json::from_str(event.payload()).unwrap_or(Value::Null));
    });
    h.call("open_shared", json!({"address": url, "password": null}))
        .expect("opens");
    // The listener connects in the background; give it a moment before the first change.
    std::thread::sleep(Duration::from_millis(500));

    // The window's own edit is not announced back to it.
    let data = h.call("project_data", json!({})).expect("data");
    let mut question = data["key_questions"][0].clone();
    question["title"] = json!("Ändrad i fönstret");
    h.call("save_key_question", json!({"question": question}))
        .expect("saved");
    assert!(
        heard.recv_timeout(Duration::from_millis(800)).is_err(),
        "the window's own change came back"
    );

    // Someone else's is, within two seconds.
    let mut other = Store::open_server(&url, None).expect("another connection");
    let need = other
        .save_need(&Need {
            statement: "Längre öppettider på lördagar".into(),
            ..Default::default()
        })
        .expect("their need");
    let changes = heard
        .recv_timeout(Duration::from_secs(2))
        .expect("an event within two seconds");
    let changes = changes.as_array().expect("a list of changes");
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "need" && c["id"] == need.id.as_str() && c["op"] == "insert"),
        "{changes:?}"
    );

    // Closed: nothing more is heard.
    h.call("close_project", json!({})).expect("close");
    std::thread::sleep(Duration::from_millis(400));
    while heard.try_recv().is_ok() {}
    other
        .delete_needs(std::slice::from_ref(&need.id))
        .expect("their delete");
    assert!(
        heard.recv_timeout(Duration::from_millis(800)).is_err(),
        "heard a change of a closed project"
    );
}
