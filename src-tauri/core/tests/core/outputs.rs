//! Every file Medskapa writes: never over the open project or one open elsewhere, never
//! through a planted link, never into a pipe or device, with the permissions a user
//! expects, and no temporary file left behind by a process that was killed.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::support::demo_store;

use medskapa_core::app::export::export_needs;
use medskapa_core::store::backup::rolling_backup;
use medskapa_core::store::{output_guard, OpenOptions, Store};
use medskapa_core::support::fsio::{remove_leftovers, Guard, Output};
use medskapa_core::support::lang::Lang;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Run `f` on another thread; fail (instead of hanging) when it takes over 10 seconds.
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("finished within 10 seconds")
}

/// The process id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("run true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

fn this_host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// A symlink to a victim's file at every name an output to `target` could be expected to
/// use for its temporary file: the names earlier versions used (with this process's id),
/// SQLite's journal of those, and the target's obvious sibling names.
fn plant_links(target: &Path, victim: &Path) -> Vec<PathBuf> {
    let dir = target.parent().expect("a folder");
    let name = target.file_name().unwrap().to_string_lossy().to_string();
    let pid = std::process::id();
    let names = [
        format!(".{name}.{pid}.part"),
        format!(".{name}.{pid}.tmp"),
        format!(".{name}.{pid}.tmp-journal"),
        format!(".medskapa-copy.{pid}.tmp"),
        format!(".{name}.tmp"),
        format!(".{name}"),
        format!("{name}.tmp"),
        format!("{name}.part"),
        format!("{name}~"),
        format!("{name}.new"),
    ];
    names
        .iter()
        .map(|n| dir.join(n))
        // One folder may hold several targets that share a name (`.medskapa-copy…`).
        .filter(|link| std::fs::symlink_metadata(link).is_err())
        .inspect(|link| std::os::unix::fs::symlink(victim, link).expect("plant a link"))
        .collect()
}

fn assert_links_untouched(links: &[PathBuf], victim: &Path) {
    assert_eq!(std::fs::read(victim).unwrap(), b"the victim's own words");
    for link in links {
        let meta = std::fs::symlink_metadata(link).expect("the link is still there");
        assert!(meta.file_type().is_symlink(), "{}", link.display());
        assert_eq!(std::fs::read_link(link).unwrap(), victim);
    }
}

#[test]
fn an_output_never_replaces_the_open_project_under_any_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let project = store.path().unwrap().to_path_buf();
    let before = std::fs::read(&project).unwrap();
    let folder = dir.path().file_name().unwrap();
    let link = dir.path().join("länk.medskapa");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let spellings = [
        project.clone(),
        dir.path().join("..").join(folder).join("demo.medskapa"),
        dir.path().join(".").join("demo.medskapa"),
        link,
    ];
    for target in &spellings {
        let e = Output::new(target, store.output_guard())
            .write(b"{}")
            .unwrap_err();
        assert_eq!(e.code, "same_file", "{}: {}", target.display(), e.message);
        assert!(e.message.contains("open project"), "{}", e.message);
        let e = export_needs(&store, target, Lang::Sv).unwrap_err();
        assert_eq!(e.code, "same_file", "{}", target.display());
    }
    assert_eq!(std::fs::read(&project).unwrap(), before, "untouched");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn an_output_never_replaces_a_project_open_in_another_medskapa() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("annan.medskapa");
    drop(Store::create(&other, "Annan").unwrap());
    let before = std::fs::read(&other).unwrap();
    let held = Store::open(&other, OpenOptions { lock: true }).unwrap();
    let e = Output::new(&other, output_guard(None))
        .write(b"{}")
        .unwrap_err();
    assert_eq!(e.code, "locked", "{}", e.message);
    assert!(e.message.contains("annan.medskapa"), "{}", e.message);
    let roundabout = dir.path().join(".").join("annan.medskapa");
    let e = Output::new(&roundabout, output_guard(None))
        .write(b"{}")
        .unwrap_err();
    assert_eq!(e.code, "locked");
    assert_eq!(std::fs::read(&other).unwrap(), before, "untouched");
    drop(held);
    // Closed, it is an ordinary file again (the save dialog asked first).
    Output::new(&other, output_guard(None))
        .write(b"{}")
        .unwrap();
    assert_eq!(std::fs::read(&other).unwrap(), b"{}");
}

#[test]
fn a_lock_left_by_a_process_that_ended_does_not_hold_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gammal.medskapa");
    std::fs::write(&file, "old").unwrap();
    let info = serde_json::json!({
        "pid": dead_pid(), "user": "anna", "host": this_host(),
        "since": "2026-01-01 10:00", "advisory": true,
    });
    std::fs::write(dir.path().join("gammal.medskapa.lock"), info.to_string()).unwrap();
    Output::new(&file, output_guard(None))
        .write(b"new")
        .unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), b"new");
}

#[test]
fn an_output_into_a_pipe_or_device_is_refused_without_opening_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("rör.json");
    mkfifo(&pipe);
    let target = pipe.clone();
    let e = within_seconds(move || Output::new(&target, Guard::NONE).write(b"{}").unwrap_err());
    assert_eq!(e.code, "io");
    assert!(e.message.contains("rör.json"), "{}", e.message);
    assert!(e.message.contains("not a regular file"), "{}", e.message);
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
    let e = Output::new(Path::new("/dev/full"), Guard::NONE)
        .write(b"{}")
        .unwrap_err();
    assert!(e.message.contains("not a regular file"), "{}", e.message);
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn opening_a_pipe_as_a_project_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("rör.medskapa");
    mkfifo(&pipe);
    let e = within_seconds(move || Store::open(&pipe, OpenOptions::default()).err());
    let e = e.expect("refused");
    assert!(e.message.contains("rör.medskapa"), "{}", e.message);
    assert!(e.message.contains("not a regular file"), "{}", e.message);
}

#[test]
fn a_planted_link_is_never_followed_by_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("offer.txt");
    std::fs::write(&victim, "the victim's own words").unwrap();
    let target = dir.path().join("export.json");
    let links = plant_links(&target, &victim);
    Output::new(&target, Guard::NONE).write(b"{}").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"{}");
    // Again, now over the file it made.
    Output::new(&target, Guard::NONE).write(b"[]").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"[]");
    assert_links_untouched(&links, &victim);
}

#[test]
fn a_planted_link_is_never_followed_by_a_new_project_a_copy_or_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("offer.txt");
    std::fs::write(&victim, "the victim's own words").unwrap();
    let project = dir.path().join("demo.medskapa");
    let mut links = plant_links(&project, &victim);
    let store = demo_store(dir.path());
    let copy = dir.path().join("kopia.medskapa");
    links.extend(plant_links(&copy, &victim));
    store.save_copy(&copy).unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    links.extend(plant_links(
        &backups.join("demo-2026-03-01.medskapa"),
        &victim,
    ));
    let made = rolling_backup(&store, &backups, day, 14).unwrap().unwrap();
    for file in [&project, &copy, &made] {
        let s = Store::open(file, OpenOptions::default()).expect("a sound project");
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
    assert_links_untouched(&links, &victim);
}

#[test]
fn a_replaced_file_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("behov.json");
    std::fs::write(&target, "old").unwrap();
    set_mode(&target, 0o600);
    Output::new(&target, Guard::NONE).write(b"new").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    assert_eq!(mode(&target), 0o600, "a private file stays private");
    set_mode(&target, 0o640);
    Output::new(&target, Guard::NONE).write(b"newer").unwrap();
    assert_eq!(mode(&target), 0o640);
    let store = demo_store(dir.path());
    let sheet = dir.path().join("behov.csv");
    std::fs::write(&sheet, "old").unwrap();
    set_mode(&sheet, 0o600);
    export_needs(&store, &sheet, Lang::Sv).unwrap();
    assert_eq!(mode(&sheet), 0o600);
}

#[test]
fn new_projects_copies_and_backups_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("ny.medskapa");
    drop(Store::create(&fresh, "Ny").unwrap());
    assert_eq!(mode(&fresh), 0o600);
    let store = demo_store(dir.path());
    assert_eq!(mode(store.path().unwrap()), 0o600);
    let copy = dir.path().join("kopia.medskapa");
    store.save_copy(&copy).unwrap();
    assert_eq!(mode(&copy), 0o600);
    let backups = dir.path().join("data").join("backups");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let made = rolling_backup(&store, &backups, day, 14).unwrap().unwrap();
    assert_eq!(mode(&made), 0o600);
    assert_eq!(mode(&backups), 0o700, "the backup folder");
}

#[test]
fn temporary_files_of_a_killed_writer_are_removed_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("gen.medskapa");
    let dead = dead_pid();
    let live = std::process::id();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let make = |name: String, old: bool| {
        let path = dir.path().join(name);
        let f = std::fs::File::create(&path).unwrap();
        if old {
            f.set_modified(hour_ago).unwrap();
        }
        path
    };
    let gone = [
        make(format!(".gen.medskapa.{dead}.Ab3dE6gH.tmp"), true),
        make(format!(".gen.medskapa.{dead}.Ab3dE6gH.tmp-journal"), true),
        make(format!(".gen.medskapa.{dead}.tmp"), true),
        make(format!(".gen.medskapa.{dead}.tmp-journal"), true),
        make(format!(".gen.medskapa.{dead}.part"), true),
    ];
    let kept = [
        // A running writer's, a moment ago (perhaps on another computer), not ours at all.
        make(format!(".gen.medskapa.{live}.Ab3dE6gH.tmp"), true),
        make(format!(".gen.medskapa.{dead}.Zz9yX8wV.tmp"), false),
        make(format!(".annan.medskapa.{dead}.Ab3dE6gH.tmp"), true),
        make(format!(".gen.medskapa.{dead}.anteckning.txt"), true),
        make("gen.medskapa.bak".into(), true),
    ];
    drop(Store::create(&target, "Gen").unwrap());
    for f in &gone {
        assert!(!f.exists(), "{} is left", f.display());
    }
    for f in &kept {
        assert!(f.exists(), "{} was removed", f.display());
    }
    // An export cleans up after an export to the same name.
    let old = make(format!(".behov.csv.{dead}.Ab3dE6gH.tmp"), true);
    remove_leftovers(dir.path(), "annat.csv");
    assert!(old.exists(), "only leftovers for the name written");
    Output::new(&dir.path().join("behov.csv"), Guard::NONE)
        .write(b"x")
        .unwrap();
    assert!(!old.exists());
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let target = dir.path().join("ny.medskapa");
    let e = Output::new(&target, output_guard(None))
        .private()
        .write_with(|_| Err(medskapa_core::support::error::CoreError::invalid("stopped")))
        .unwrap_err();
    assert_eq!(e.code, "invalid", "{}", e.message);
    let e = store.save_copy(store.path().unwrap()).unwrap_err();
    assert_eq!(e.code, "same_file");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["demo.medskapa".to_string()], "{names:?}");
}
