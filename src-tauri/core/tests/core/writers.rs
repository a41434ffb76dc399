//! Two people writing to one shared project at once, as two processes against a real
//! server: no edit is lost. Both tag the same needs, both edit one statement from the same
//! revision, one deletes a need the other is tagging, and survey imports run meanwhile.
//! The interleaving differs from run to run; what is asserted holds for every one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use medskapa_core::app::import_needs::{import_file, NeedMapping};
use medskapa_core::domain::model::{Activity, Need, Project, Segment, Tag};
use medskapa_core::store::{Location, Store};
use medskapa_core::support::error::ErrorCode;
use medskapa_core::testing::{self, database_of, TestServer};

const NEEDS: usize = 50;
const OPS: usize = 200;
const STATEMENT: [&str; 2] = ["Öppet på söndagar", "Öppet på kvällar"];

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

fn tag(id: &str) -> Tag {
    Tag {
        id: id.into(),
        name: id.into(),
        color: "#3366aa".into(),
        ..Tag::default()
    }
}

fn need(id: &str, statement: &str) -> Need {
    Need {
        id: id.into(),
        statement: statement.into(),
        activity_id: Some("workshop".into()),
        ..Need::default()
    }
}

/// The project both start from: 50 needs to tag, one to edit, one to delete.
fn project() -> Project {
    let mut needs: Vec<Need> = (0..NEEDS)
        .map(|i| need(&format!("m{i:02}"), &format!("Behov {i}")))
        .collect();
    needs.push(need("shared", "Längre öppettider"));
    let mut doomed = need("doomed", "Fler sittplatser");
    doomed.tag_ids = vec!["tag-1".into()];
    doomed.segment_ids = vec!["seg-1".into()];
    needs.push(doomed);
    Project {
        tags: vec![tag("tag-1"), tag("tag-2")],
        segments: vec![Segment {
            id: "seg-1".into(),
            name: "Unga".into(),
            ..Segment::default()
        }],
        activities: ["workshop", "survey"]
            .iter()
            .map(|id| Activity {
                id: id.to_string(),
                title: id.to_string(),
                ..Activity::default()
            })
            .collect(),
        needs,
        ..Project::default()
    }
}

/// A survey export of `rows` answers named `prefix`, with new tag and segment names that
/// every survey of the test shares.
fn survey(dir: &Path, prefix: &str, rows: usize) -> PathBuf {
    let mut csv = String::from("Behov;Grupp;Teman\n");
    let groups = ["Pensionärer", "Småbarnsföräldrar", "Studenter"];
    let themes = ["Trygghet", "Lokaler, Trygghet", "Öppettider", "Lokaler"];
    for i in 0..rows {
        csv.push_str(&format!(
            "{prefix} svar {i};{};{}\n",
            groups[i % groups.len()],
            themes[i % themes.len()]
        ));
    }
    let path = dir.join(format!("{prefix}.csv"));
    std::fs::write(&path, csv).expect("write the survey");
    path
}

fn import(url: &str, csv: &Path) {
    let mapping = NeedMapping {
        statement: "Behov".into(),
        quote: None,
        segment: Some("Grupp".into()),
        tags: Some("Teman".into()),
    };
    import_file(
        &Location::Server(url.into()),
        csv,
        false,
        "survey",
        &mapping,
    )
    .expect("import the survey");
}

/// Wait until `path` exists (another process wrote it); at most 20 s.
fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path:?} never came"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// One writer's 200 operations. Writer 1 tags with `tag-1` and keeps saving its edit of
/// the doomed need until it hears that it is deleted; writer 2 tags with `tag-2` and
/// deletes it. Each imports a small survey with the shared new names; writer 0 (a third
/// process) imports the large one.
fn write(me: u32, url: &str, dir: &Path) {
    let mut store = Store::open_server(url, None).expect("open");
    if me == 0 {
        import(url, &survey(dir, "stor", 2000));
        return;
    }
    let my_tag = format!("tag-{me}");
    let base = store.need_for_edit("shared").expect("the shared need");
    let doomed = store.need_for_edit("doomed").expect("the doomed need");
    std::fs::write(dir.join(format!("ready-{me}")), "").expect("ready");
    wait_for(&dir.join(format!("ready-{}", 3 - me)));

    let mut ops = 0;
    for i in 0..NEEDS {
        store
            .tag_needs(&[format!("m{i:02}")], &my_tag, true)
            .expect("tag one need");
        ops += 1;
        if i == NEEDS / 2 {
            let mut edited = base.value.clone();
            edited.statement = STATEMENT[me as usize - 1].into();
            store
                .save_need_from(&edited, Some(&base))
                .expect("save the statement");
            import(url, &survey(dir, &format!("liten{me}"), 100));
            ops += 2;
        }
    }
    if me == 2 {
        assert_eq!(store.delete_needs(&["doomed".into()]).expect("delete"), 1);
        std::fs::write(dir.join("deleted"), "").expect("say deleted");
        ops += 1;
    } else {
        // Keep tagging the doomed need from the version loaded; the last try after the
        // other said it deleted it must be told "deleted".
        let mut edited = doomed.value.clone();
        edited.tag_ids.push("tag-2".into());
        // Bounded by time, not by a count of tries: how soon the other writer gets to its
        // deletion depends on how busy the machine is.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let heard = dir.join("deleted").exists();
            ops += 1;
            match store.save_need_from(&edited, Some(&doomed)) {
                Ok(_) => assert!(!heard, "a save of a deleted need went through"),
                Err(e) if e.code == ErrorCode::Deleted => {
                    println!("writer {me}: deleted: {}", e.message);
                    break;
                }
                Err(e) => panic!("saving the doomed need: {e}"),
            }
            assert!(Instant::now() < deadline, "the deletion never came");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    // The rest: all 50 needs tagged again at once (changes nothing), and reads.
    let all: Vec<String> = (0..NEEDS).map(|i| format!("m{i:02}")).collect();
    while ops < OPS {
        if ops % 2 == 0 {
            store.tag_needs(&all, &my_tag, true).expect("tag all");
        } else {
            store.need_for_edit("shared").expect("read");
        }
        ops += 1;
    }
}

/// The child half: one writer. Does nothing unless started by the test below.
#[test]
fn pg_two_writers_child() {
    let (Ok(me), Ok(url), Ok(dir)) = (
        std::env::var("MEDSKAPA_WRITER"),
        std::env::var("MEDSKAPA_WRITERS_DB"),
        std::env::var("MEDSKAPA_WRITERS_DIR"),
    ) else {
        return;
    };
    write(me.parse().expect("a writer number"), &url, Path::new(&dir));
}

fn psql(db: &str, sql: &str) -> String {
    server()
        .psql(db, sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .trim()
        .to_string()
}

#[test]
fn pg_two_writers_lose_no_edit() {
    let url = server().database("writers").expect("a database");
    let db = database_of(&url).to_string();
    Store::share(&project(), &url, None).expect("share");
    let doomed_nid = psql(&db, "SELECT nid FROM need WHERE id = 'doomed'");
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let children: Vec<_> = [1, 2, 0]
        .iter()
        .map(|me| {
            Command::new(std::env::current_exe().expect("the test binary"))
                .args(["--exact", "writers::pg_two_writers_child", "--nocapture"])
                .env("MEDSKAPA_WRITER", me.to_string())
                .env("MEDSKAPA_WRITERS_DB", &url)
                .env("MEDSKAPA_WRITERS_DIR", dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start a writer")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("a writer ends"))
        .collect();
    for (o, me) in outputs.iter().zip([1, 2, 0]) {
        assert!(
            o.status.success(),
            "writer {me} failed:\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(
        String::from_utf8_lossy(&outputs[0].stdout).contains("writer 1: deleted: "),
        "writer 1 was told its need was deleted"
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );

    // Every imported need exists once; every new name was created once.
    assert_eq!(
        psql(
            &db,
            "SELECT COUNT(*), COUNT(DISTINCT statement) FROM need WHERE activity_id = 'survey'"
        ),
        "2200|2200"
    );
    for table in ["tag", "segment"] {
        assert_eq!(
            psql(
                &db,
                &format!("SELECT COUNT(*) - COUNT(DISTINCT lower(name)) FROM {table}")
            ),
            "0",
            "a {table} name created twice"
        );
    }
    assert_eq!(psql(&db, "SELECT COUNT(*) FROM tag"), "5");
    assert_eq!(psql(&db, "SELECT COUNT(*) FROM segment"), "4");
    // All 50 needs carry both tags.
    assert_eq!(
        psql(
            &db,
            "SELECT COUNT(*) FROM need_tag t JOIN need n ON n.nid = t.nid
             WHERE n.id LIKE 'm%' AND t.tag_id IN ('tag-1', 'tag-2')"
        ),
        (2 * NEEDS).to_string()
    );
    // The statement is one of the two, and the other is in the conflict record.
    let kept = psql(&db, "SELECT statement FROM need WHERE id = 'shared'");
    assert!(STATEMENT.contains(&kept.as_str()), "{kept}");
    let other = STATEMENT
        .iter()
        .find(|s| **s != kept)
        .copied()
        .unwrap_or_default();
    assert_eq!(
        psql(
            &db,
            "SELECT field, base, mine, theirs FROM conflict
             WHERE kind = 'need' AND entity_id = 'shared' AND resolved_at IS NULL"
        ),
        format!("statement|\"Längre öppettider\"|\"{other}\"|\"{kept}\"")
    );
    // The deleted need and its links are gone; no link points at nothing.
    assert_eq!(
        psql(&db, "SELECT COUNT(*) FROM need WHERE id = 'doomed'"),
        "0"
    );
    for table in ["need_tag", "need_segment", "insight_need"] {
        assert_eq!(
            psql(
                &db,
                &format!("SELECT COUNT(*) FROM {table} WHERE nid = {doomed_nid}")
            ),
            "0"
        );
    }
    let orphans = [
        ("need_tag", "nid", "need", "nid"),
        ("need_tag", "tag_id", "tag", "id"),
        ("need_segment", "nid", "need", "nid"),
        ("need_segment", "segment_id", "segment", "id"),
        ("insight_need", "nid", "need", "nid"),
        ("participation", "activity_id", "activity", "id"),
        ("participation", "segment_id", "segment", "id"),
        ("activity_question", "activity_id", "activity", "id"),
        ("key_question_goal", "key_question_id", "key_question", "id"),
        ("insight_question", "insight_id", "insight", "id"),
        ("insight_goal", "insight_id", "insight", "id"),
    ];
    for (table, column, parent, key) in orphans {
        assert_eq!(
            psql(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM {table} x WHERE NOT EXISTS
                     (SELECT 1 FROM {parent} p WHERE p.{key} = x.{column})"
                )
            ),
            "0",
            "{table}.{column} points at a missing {parent}"
        );
    }
}
