//! Who changed what through the commands: the name the user goes by is kept in the settings
//! and given to every project opened, and the stamps a form reads name them by it. Tests
//! against a real server (`medskapa_core::testing`) are named `pg_…`.

use serde_json::{json, Value};
use tauri::Manager;

use medskapa_core::store::{Location, Store};
use medskapa_core::testing;

use super::{harness, Harness};

/// The first need of the open project, as the needs list gives it.
fn first_need(h: &Harness) -> Value {
    let page = h
        .call(
            "needs_page",
            json!({"filter": {"text": "", "segment_id": null, "activity_id": null,
                "key_question_id": null, "tag_ids": [], "tag_mode": "any",
                "include_children": true, "important_only": false, "untagged_only": false},
                "offset": 0, "limit": 1}),
        )
        .expect("needs_page");
    page["rows"][0].clone()
}

fn stamp_of_need(h: &Harness, id: &str) -> Value {
    let stamps = h
        .call("stamps", json!({"kind": "need", "ids": [id]}))
        .expect("stamps");
    assert_eq!(stamps.as_array().map(Vec::len), Some(1), "{stamps}");
    stamps[0].clone()
}

#[test]
fn the_name_is_remembered_and_given_to_every_project_opened() {
    let h = harness();
    assert_eq!(h.call("display_name", json!({})).expect("no name"), "");
    h.call("set_display_name", json!({"name": " Anna Svensson "}))
        .expect("a name without a project");
    assert_eq!(
        h.call("display_name", json!({})).expect("the name"),
        "Anna Svensson"
    );
    let e = h
        .call("set_display_name", json!({"name": "x".repeat(201)}))
        .expect_err("too long");
    assert_eq!(e["code"], "too_long");
    assert_eq!(e["field"], "name");

    // The demo is made and opened here, by this login: its rows name Anna.
    h.call("open_demo", json!({})).expect("open_demo");
    let need = first_need(&h);
    let id = need["id"].as_str().expect("an id").to_string();
    let stamp = stamp_of_need(&h, &id);
    assert_eq!(stamp["created_by_name"], "Anna Svensson", "{stamp}");

    // A save changes who changed it last; the stamp says so at once.
    let saved = h
        .call(
            "save_need",
            json!({"need": {"id": id, "statement": "Fler sittplatser vid fönstren",
                "quote": "", "activity_id": need["activity_id"], "segment_ids": [],
                "tag_ids": [], "important": false}}),
        )
        .expect("save");
    assert_eq!(saved["id"], id.as_str());
    let after = stamp_of_need(&h, &id);
    assert_eq!(after["changed_by_name"], "Anna Svensson");
    assert!(after["changed_at"].as_str() >= stamp["changed_at"].as_str());

    // A new name goes to the open project too, and to the settings.
    h.call("set_display_name", json!({"name": "Anna S."}))
        .expect("another name");
    assert_eq!(stamp_of_need(&h, &id)["created_by_name"], "Anna S.");
    let settings = std::fs::read_to_string(h.dir.path().join("config/settings.json"))
        .expect("settings written");
    assert!(settings.contains("Anna S."), "{settings}");
}

#[test]
fn a_project_opened_later_gets_the_name_from_the_settings() {
    let h = harness();
    let file = h.dir.path().join("bibliotek.medskapa");
    drop(medskapa_core::app::demo::create_demo(&file).expect("a project"));
    h.call("set_display_name", json!({"name": "Erik Ek"}))
        .expect("a name");
    let state = h.here();
    state
        .open_location(
            &h.window.app_handle().clone(),
            &Location::File(file.clone()),
            None,
        )
        .expect("open");
    h.call("close_project", json!({})).expect("close");
    let store = Store::open(&file, Default::default()).expect("reopen");
    assert_eq!(
        store.display_name().expect("read").as_deref(),
        Some("Erik Ek")
    );
}

#[test]
fn pg_a_shared_project_learns_the_name_of_the_role_that_opens_it() {
    let h = harness();
    let s = testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server: {e}"));
    let url = s.database("names").expect("a database");
    let file = h.dir.path().join("demo.medskapa");
    let demo = medskapa_core::app::demo::create_demo(&file)
        .and_then(|st| st.load_project())
        .expect("the demo");
    Store::share(&demo, &url, None).expect("share");
    h.call("set_display_name", json!({"name": "Postgres Persson"}))
        .expect("a name");
    h.call("open_shared", json!({"address": url, "password": null}))
        .expect("open the shared project");
    let id = first_need(&h)["id"].as_str().expect("an id").to_string();
    let stamp = stamp_of_need(&h, &id);
    assert_eq!(stamp["created_by"], "postgres", "{stamp}");
    assert_eq!(stamp["created_by_name"], "Postgres Persson", "{stamp}");
}
