//! Where the app's save dialogs write: never over the open project, never over a project
//! another Medskapa has open. The dialogs cannot be driven here; these are the steps the
//! commands take once the dialog has answered.

use std::os::unix::fs::PermissionsExt;

use medskapa_core::store::{OpenOptions, Store};
use serde_json::json;

use crate::commands::data::{open_file, write_export};
use crate::commands::project::create_project_at;

use super::harness;

#[test]
fn exports_and_a_new_project_never_replace_the_open_project() {
    let h = harness();
    h.call("open_demo", json!({})).expect("open_demo");
    let state = h.here();
    let open = open_file(&state).expect("a project").expect("a file");
    let before = std::fs::read(&open).expect("the project");
    let folder = open.parent().expect("its folder");
    let other_spelling = folder
        .join("..")
        .join(folder.file_name().unwrap())
        .join(open.file_name().unwrap());
    for target in [&open, &other_spelling] {
        let e = write_export(Some(&open), target, b"{}").expect_err("the open project");
        assert_eq!(e.code, medskapa_core::support::error::ErrorCode::SameFile);
        let e = create_project_at(&state, target, "Nytt").expect_err("the open project");
        assert_eq!(e.code, medskapa_core::support::error::ErrorCode::SameFile);
    }
    assert_eq!(std::fs::read(&open).expect("the project"), before);
    assert_eq!(
        h.call("overview", json!({})).expect("still open")["needs"],
        120
    );
}

#[test]
fn exports_and_a_new_project_never_replace_a_project_open_in_another_medskapa() {
    let h = harness();
    let other = h.dir.path().join("annan.medskapa");
    drop(Store::create(&other, "Annan").expect("a project"));
    let before = std::fs::read(&other).expect("the project");
    let held = Store::open(&other, OpenOptions { lock: true }).expect("held open");
    let state = h.here();
    let e = create_project_at(&state, &other, "Nytt").expect_err("held elsewhere");
    assert_eq!(e.code, medskapa_core::support::error::ErrorCode::Locked);
    assert!(e.message.contains("annan.medskapa"), "{}", e.message);
    let e = write_export(None, &other, b"%PDF").expect_err("held elsewhere");
    assert_eq!(e.code, medskapa_core::support::error::ErrorCode::Locked);
    assert_eq!(std::fs::read(&other).expect("the project"), before);
    drop(held);
    // Closed, it may be replaced (the save dialog asked): by a new, private project.
    create_project_at(&state, &other, "Nytt").expect("replaced");
    let store = Store::open(&other, OpenOptions::default()).expect("a project");
    assert_eq!(store.project_info().expect("info").name, "Nytt");
    let mode = std::fs::metadata(&other)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}
