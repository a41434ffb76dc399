//! The commands on a shared project, against a real server (`medskapa_core::testing`):
//! opening one by its address, the password the server asks for, the recent list, the
//! connection lost and found again, a reader's read-only project. Every test is named `pg_…`.

use serde_json::json;

use medskapa_core::store::Store;
use medskapa_core::testing::{self, TestServer};

use super::{harness, Harness};

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

/// The demo shared into a fresh database: (its address as the superuser, the database).
fn shared_demo(h: &Harness) -> (String, String) {
    let url = server().database("app").expect("a database");
    let file = h.dir.path().join("demo.medskapa");
    let demo = medskapa_core::app::demo::create_demo(&file)
        .and_then(|s| s.load_project())
        .expect("the demo");
    Store::share(&demo, &url, None).expect("share the demo");
    let db = testing::database_of(&url).to_string();
    (url, db)
}

/// A login role with `password` and the given rights on every table of `db`.
fn role(db: &str, name: &str, password: &str, rights: &str) -> String {
    let user = format!(
        "{name}_{}",
        db.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    server()
        .psql(
            db,
            &format!(
                "CREATE ROLE {user} LOGIN PASSWORD '{password}';
                 GRANT {rights} ON ALL TABLES IN SCHEMA public TO {user};
                 GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user};"
            ),
        )
        .expect("a role");
    user
}

#[test]
fn pg_a_shared_project_opens_by_its_address_and_is_remembered_without_a_password() {
    let h = harness();
    let (_url, db) = shared_demo(&h);
    let user = role(&db, "anna", "rätt-lösen", "SELECT, INSERT, UPDATE, DELETE");
    let address = server().url(&db, &user);

    let e = h
        .call(
            "open_shared",
            json!({"address": "bibliotek", "password": null}),
        )
        .expect_err("not an address");
    assert_eq!(e["code"], "bad_address");
    assert_eq!(e["field"], "address");

    let e = h
        .call("open_shared", json!({"address": address, "password": null}))
        .expect_err("the server asks for a password");
    assert_eq!(e["code"], "password_needed");
    let e = h
        .call(
            "open_shared",
            json!({"address": address, "password": "fel"}),
        )
        .expect_err("a wrong password");
    assert_eq!(e["code"], "auth");
    assert!(!e["message"].as_str().unwrap().contains("fel"));

    let summary = h
        .call(
            "open_shared",
            json!({"address": address, "password": "rätt-lösen"}),
        )
        .expect("opens with the password");
    assert_eq!(summary["name"], "Nya stadsbiblioteket Helsingborg");
    assert_eq!(summary["shared"], true);
    assert_eq!(summary["file_name"], db.as_str());
    assert_eq!(summary["read_only"], false);

    let info = h.call("app_info", json!({})).expect("app_info");
    assert_eq!(info["project"]["shared"], true);
    let recent = &info["recent"][0];
    assert_eq!(recent["shared"], true);
    assert_eq!(recent["name"], db.as_str());
    assert_eq!(recent["folder"], address.as_str());

    // No password in the settings, and no rolling backup on this computer.
    let settings = std::fs::read_to_string(h.dir.path().join("config/settings.json"))
        .expect("settings written");
    assert!(settings.contains(&db), "{settings}");
    assert!(!settings.contains("lösen"), "{settings}");
    assert!(!h.dir.path().join("data/backups").exists());
    assert_eq!(h.call("list_backups", json!({})).unwrap(), json!([]));

    // From the recent list again in this session: the password is still known.
    h.call("close_project", json!({})).expect("close");
    let summary = h
        .call("open_recent", json!({"index": 0}))
        .expect("reopens from the recent list");
    assert_eq!(summary["shared"], true);

    // An edit lands in the database.
    let data = h.call("project_data", json!({})).expect("data");
    let mut question = data["key_questions"][0].clone();
    question["title"] = json!("Ändrad i det delade projektet");
    h.call("save_key_question", json!({"question": question}))
        .expect("saved on the server");
    let titles = server()
        .psql(&db, "SELECT title FROM key_question")
        .expect("read back");
    assert!(titles.contains("Ändrad i det delade projektet"), "{titles}");
}

#[test]
fn pg_a_lost_connection_fails_as_offline_and_is_found_again() {
    let h = harness();
    let (url, db) = shared_demo(&h);
    h.call("open_shared", json!({"address": url, "password": null}))
        .expect("opens");
    h.call("overview", json!({})).expect("overview");

    // Whether the database takes new connections, and cutting the app's connection (the
    // timeout makes the server wait until each backend has exited).
    let allow = |yes: bool| {
        server()
            .psql(
                "postgres",
                &format!("ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS {yes}"),
            )
            .expect("allow or refuse connections");
    };
    let cut = || {
        server()
            .psql(
                "postgres",
                &format!(
                    "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity \
                     WHERE datname = '{db}'"
                ),
            )
            .expect("terminate the app's connection");
    };

    // The database refuses new connections, then the app's connection is cut. Whether or
    // not the client has noticed by the next call, that call fails as offline: it either
    // finds the connection gone or cannot connect again.
    allow(false);
    cut();
    let e = h
        .call("overview", json!({}))
        .expect_err("the connection is gone");
    assert_eq!(e["code"], "offline");

    let e = h.call("reconnect", json!({})).expect_err("still gone");
    assert_eq!(e["code"], "offline");
    let e = h.call("overview", json!({})).expect_err("still gone");
    assert_eq!(e["code"], "offline");
    let e = h.call("app_info", json!({})).expect_err("still gone");
    assert_eq!(e["code"], "offline");

    allow(true);
    let summary = h.call("reconnect", json!({})).expect("back");
    assert_eq!(summary["shared"], true);
    let overview = h.call("overview", json!({})).expect("overview again");
    assert_eq!(overview["needs"], 120);

    // Cut while the server is up: at most one call fails, the next connects by itself.
    cut();
    if let Err(e) = h.call("overview", json!({})) {
        assert_eq!(e["code"], "offline");
    }
    let overview = h
        .call("overview", json!({}))
        .expect("connected again by itself");
    assert_eq!(overview["needs"], 120);
}

#[test]
fn pg_a_reader_gets_the_project_read_only_and_edits_are_refused() {
    let h = harness();
    let (_url, db) = shared_demo(&h);
    let reader = role(&db, "lasare", "läs", "SELECT");
    let address = format!(
        "postgresql://{reader}:l%C3%A4s@/{db}?{}",
        server().url(&db, &reader).split_once('?').unwrap().1
    );
    let summary = h
        .call("open_shared", json!({"address": address, "password": null}))
        .expect("opens for reading");
    assert_eq!(summary["read_only"], true);
    let info = h.call("app_info", json!({})).unwrap();
    let folder = info["recent"][0]["folder"].as_str().unwrap().to_string();
    assert!(!folder.contains("%C3%A4s"), "{folder}");
    let data = h.call("project_data", json!({})).expect("data");
    let mut question = data["key_questions"][0].clone();
    question["title"] = json!("En läsare försöker");
    let e = h
        .call("save_key_question", json!({"question": question}))
        .expect_err("refused");
    assert_eq!(e["code"], "read_only");
}
