//! A project on a PostgreSQL server answers exactly as the same project in a file: the
//! needs filters, searches, counts, the planning check, briefs, sheets and edits, against
//! a real server (`medskapa_core::testing`). Every test here is named `pg_…`.

use std::path::Path;

use chrono::NaiveDate;
use medskapa_core::app;
use medskapa_core::documents::brief::BriefTarget;
use medskapa_core::domain::model::{
    set_commitment_status, ActivityStatus, CommitmentStatus, Need, Project, QuestionsOnDelete,
};
use medskapa_core::formats::interchange::into_json;
use medskapa_core::store::dialogues::ActivityFilter;
use medskapa_core::store::search::{NeedFilter, TagMode};
use medskapa_core::store::{Location, OpenOptions, Store};
use medskapa_core::support::lang::Lang;
use medskapa_core::testing::{self, TestServer};

use crate::support::{demo_project, without_later_data};

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

/// `project` in a file in `dir` and shared into a fresh database: (file, server).
fn both(dir: &Path, project: &Project) -> (Store, Store) {
    let file = Store::create_from(&dir.join("p.medskapa"), project).expect("create the file");
    let url = server().database("diff").expect("a database");
    Store::share(&file.load_project().expect("load"), &url, None).expect("share");
    let pg = Store::open_server(&url, None).expect("open the shared project");
    (file, pg)
}

/// A larger project than the demo, for the search and the counts: 1,500 generated needs.
fn generated() -> Project {
    app::generate::generate(&app::generate::GenerateOptions::scaled(1500, 7))
}

fn filters(p: &Project) -> Vec<(String, NeedFilter)> {
    let mut out: Vec<(String, NeedFilter)> = vec![("all".into(), NeedFilter::default())];
    for text in [
        "mot", "möte", "MÖTES", "bibl", "ö", "unga rum", "a", "zzzq", "\"x AND",
    ] {
        out.push((
            format!("text {text}"),
            NeedFilter {
                text: text.into(),
                ..Default::default()
            },
        ));
    }
    // The longest word of an activity's title and of its place, in lower case and without
    // its last letter: a search finds the needs heard there.
    for a in p.activities.iter().take(3) {
        for text in [a.title.as_str(), a.place.as_str()] {
            let Some(word) = text
                .split(|c: char| !c.is_alphanumeric())
                .max_by_key(|w| w.chars().count())
                .filter(|w| w.chars().count() > 2)
            else {
                continue;
            };
            let mut word = word.to_lowercase();
            word.pop();
            out.push((
                format!("text of activity {}: {word}", a.id),
                NeedFilter {
                    text: word,
                    ..Default::default()
                },
            ));
        }
    }
    let tags: Vec<&str> = p.tags.iter().map(|t| t.id.as_str()).collect();
    for t in tags.iter().take(6) {
        for include_children in [false, true] {
            out.push((
                format!("tag {t} children {include_children}"),
                NeedFilter {
                    tag_ids: vec![t.to_string()],
                    include_children,
                    ..Default::default()
                },
            ));
        }
    }
    for mode in [TagMode::Any, TagMode::All] {
        out.push((
            format!("tags {mode:?}"),
            NeedFilter {
                tag_ids: tags.iter().take(3).map(|t| t.to_string()).collect(),
                tag_mode: mode,
                include_children: true,
                ..Default::default()
            },
        ));
    }
    for s in &p.segments {
        out.push((
            format!("segment {}", s.id),
            NeedFilter {
                segment_id: Some(s.id.clone()),
                ..Default::default()
            },
        ));
    }
    for a in p.activities.iter().take(4) {
        out.push((
            format!("activity {}", a.id),
            NeedFilter {
                activity_id: Some(a.id.clone()),
                ..Default::default()
            },
        ));
    }
    for q in p.key_questions.iter().take(5) {
        out.push((
            format!("question {}", q.id),
            NeedFilter {
                key_question_id: Some(q.id.clone()),
                ..Default::default()
            },
        ));
    }
    out.push((
        "important".into(),
        NeedFilter {
            important_only: true,
            ..Default::default()
        },
    ));
    out.push((
        "untagged".into(),
        NeedFilter {
            untagged_only: true,
            ..Default::default()
        },
    ));
    out.push((
        "text, tag, segment, important".into(),
        NeedFilter {
            text: "e".into(),
            tag_ids: tags.iter().take(2).map(|t| t.to_string()).collect(),
            segment_id: p.segments.first().map(|s| s.id.clone()),
            important_only: true,
            ..Default::default()
        },
    ));
    out.push((
        "untagged with text".into(),
        NeedFilter {
            text: "bok".into(),
            untagged_only: true,
            ..Default::default()
        },
    ));
    out
}

/// Every filter gives the same page, total, tag counts and matrix on both.
fn same_queries(file: &Store, pg: &Store, p: &Project) {
    for (name, f) in filters(p) {
        for (offset, limit) in [(0, 100), (40, 25), (100_000, 10)] {
            assert_eq!(
                file.needs_page(&f, offset, limit).expect("file page"),
                pg.needs_page(&f, offset, limit).expect("server page"),
                "needs_page {name} at {offset}"
            );
        }
        assert_eq!(
            file.tag_counts(&f).expect("file counts"),
            pg.tag_counts(&f).expect("server counts"),
            "tag_counts {name}"
        );
        assert_eq!(
            file.tag_segment_matrix(&f).expect("file matrix"),
            pg.tag_segment_matrix(&f).expect("server matrix"),
            "matrix {name}"
        );
    }
    let mut ids: Vec<String> = p
        .needs
        .iter()
        .rev()
        .take(30)
        .map(|n| n.id.clone())
        .collect();
    ids.push("no-such-need".into());
    ids.push(ids[0].clone());
    assert_eq!(
        file.needs_by_ids(&ids).expect("file by ids"),
        pg.needs_by_ids(&ids).expect("server by ids")
    );
    assert_eq!(file.need_count().ok(), pg.need_count().ok());
    let today = NaiveDate::from_ymd_opt(2027, 1, 15).expect("a day");
    for text in [
        "",
        "olymp",
        "Pop-up",
        "råå",
        "hörsalen samtal",
        "ingen sådan",
    ] {
        assert_eq!(
            file.find_activities(text, 12, today)
                .expect("file activities"),
            pg.find_activities(text, 12, today)
                .expect("server activities"),
            "find_activities {text:?}"
        );
    }
    for text in ["", "hur ska", "STADSPARKEN", "öppet", "ingen sådan"] {
        assert_eq!(
            file.find_questions(text, 12).expect("file questions"),
            pg.find_questions(text, 12).expect("server questions"),
            "find_questions {text:?}"
        );
    }
    for from in [None, Some(0), Some(5)] {
        assert_eq!(
            file.reach_page(from).expect("file reach"),
            pg.reach_page(from).expect("server reach"),
            "reach_page from {from:?}"
        );
    }
    let mut lists = vec![
        ActivityFilter::default(),
        ActivityFilter {
            status: Some(ActivityStatus::Planned),
            ..ActivityFilter::default()
        },
        ActivityFilter {
            from: Some("2026-09-01".into()),
            to: Some("2027-03-31".into()),
            ..ActivityFilter::default()
        },
    ];
    lists.extend(p.segments.iter().map(|s| ActivityFilter {
        segment_id: Some(s.id.clone()),
        ..ActivityFilter::default()
    }));
    lists.extend(p.key_questions.iter().take(3).map(|q| ActivityFilter {
        key_question_id: Some(q.id.clone()),
        ..ActivityFilter::default()
    }));
    let show = p.activities.last().map(|a| a.id.as_str());
    for f in &lists {
        assert_eq!(
            file.activities_page(f, 3, 7, show).expect("file dialogues"),
            pg.activities_page(f, 3, 7, show).expect("server dialogues"),
            "activities_page {f:?}"
        );
    }
}

fn same_documents(dir: &Path, file: &Store, pg: &Store, today: NaiveDate) {
    let p = file.load_project().expect("load");
    assert_eq!(
        into_json(p.clone()),
        into_json(pg.load_project().expect("load"))
    );
    assert_eq!(
        file.commitments_overview(today).expect("file follow-up"),
        pg.commitments_overview(today).expect("server follow-up")
    );
    for lang in [Lang::Sv, Lang::En] {
        assert_eq!(
            file.planning_warnings(today, lang).expect("file check"),
            pg.planning_warnings(today, lang).expect("server check")
        );
    }
    assert_eq!(
        app::overview::overview(file, today).expect("file overview"),
        app::overview::overview(pg, today).expect("server overview")
    );
    let targets = p
        .decisions
        .iter()
        .map(|d| BriefTarget::Decision(d.id.clone()))
        .chain(
            p.key_questions
                .iter()
                .map(|q| BriefTarget::Question(q.id.clone())),
        );
    for target in targets {
        let a = app::briefs::brief_pdf(file, &target, Lang::Sv, today).expect("file brief");
        let b = app::briefs::brief_pdf(pg, &target, Lang::Sv, today).expect("server brief");
        assert!(a == b, "the brief for {target:?} differs");
    }
    for a in p.activities.iter().take(5) {
        let x = app::briefs::feedback_pdf(file, &a.id, Lang::Sv).expect("file feedback");
        let y = app::briefs::feedback_pdf(pg, &a.id, Lang::Sv).expect("server feedback");
        assert!(x == y, "the feedback sheet of {} differs", a.id);
    }
    for (name, export) in [
        (
            "needs.csv",
            app::export::export_needs as fn(&Store, &Path, Lang) -> _,
        ),
        ("activities.csv", app::export::export_activities),
    ] {
        let (x, y) = (
            dir.join(format!("file-{name}")),
            dir.join(format!("pg-{name}")),
        );
        assert_eq!(
            export(file, &x, Lang::Sv).ok(),
            export(pg, &y, Lang::Sv).ok()
        );
        assert!(
            std::fs::read(&x).ok() == std::fs::read(&y).ok(),
            "{name} differs"
        );
    }
}

#[test]
fn pg_the_demo_answers_the_same_on_both_backends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = demo_project();
    let (file, pg) = both(dir.path(), &project);
    assert!(!pg.read_only());
    assert!(matches!(pg.location(), Location::Server(_)));
    same_queries(&file, &pg, &project);
    same_documents(
        dir.path(),
        &file,
        &pg,
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
    );
}

#[test]
fn pg_a_generated_project_answers_the_same_on_both_backends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = generated();
    let (file, pg) = both(dir.path(), &project);
    same_queries(&file, &pg, &project);
    same_documents(
        dir.path(),
        &file,
        &pg,
        NaiveDate::from_ymd_opt(2027, 2, 1).expect("date"),
    );
}

/// The same edits, made on both, leave the same project and the same answers.
#[test]
fn pg_edits_give_the_same_project_on_both_backends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = demo_project();
    let (mut file, mut pg) = both(dir.path(), &project);
    let tags: Vec<String> = project.tags.iter().map(|t| t.id.clone()).collect();
    let needs: Vec<String> = project.needs.iter().map(|n| n.id.clone()).collect();
    let new_need = Need {
        id: "n-pg-1".into(),
        statement: "Ett tyst läsrum med dagsljus för äldre besökare".into(),
        quote: "Jag vill kunna läsa tidningen i lugn och ro".into(),
        activity_id: project.activities.first().map(|a| a.id.clone()),
        segment_ids: project
            .segments
            .iter()
            .take(2)
            .map(|s| s.id.clone())
            .collect(),
        tag_ids: tags.iter().take(2).cloned().collect(),
        important: true,
    };
    for store in [&mut file, &mut pg] {
        store.save_need(&new_need).expect("save a need");
        let mut changed = new_need.clone();
        changed.statement = "Ett tyst läsrum med kvällsöppet för äldre".into();
        store.save_need(&changed).expect("change it");
        store
            .tag_needs(&needs[..10], &tags[3], true)
            .expect("tag ten needs");
        store
            .merge_tags(&tags[4], &tags[5])
            .expect("merge two tags");
        store
            .delete_needs(&needs[20..25])
            .expect("delete five needs");
        store.undo().expect("undo the deletion");
        store
            .delete_needs(&needs[30..32])
            .expect("delete two needs");
        let mut q = project.key_questions[0].clone();
        q.answer = "Besvarad på workshopen i mars".into();
        store.save_key_question(&q).expect("answer a question");
        store
            .delete_decision(&project.decisions[1].id, QuestionsOnDelete::Unlink)
            .expect("delete a decision");
        let mut draft = store
            .commitment_from_insight("i2", NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"))
            .expect("a commitment from an insight");
        draft.id = "k-pg-1".into();
        store.save_commitment(&draft).expect("save it");
        let base = store.commitment_for_edit("k2").expect("load a commitment");
        let done =
            set_commitment_status(&base.value, CommitmentStatus::Done, "2026-12-01", "Klart");
        store
            .save_commitment_from(&done, Some(&base))
            .expect("mark it done");
    }
    same_queries(&file, &pg, &file.load_project().expect("load"));
    for words in ["kvallsoppet", "kvällsö", "dagsljus"] {
        let f = NeedFilter {
            text: words.into(),
            ..Default::default()
        };
        assert_eq!(
            file.needs_page(&f, 0, 10).expect("file").total,
            pg.needs_page(&f, 0, 10).expect("server").total,
            "search {words} after the edit"
        );
    }
    let f = NeedFilter {
        text: "kvällsöppet".into(),
        ..Default::default()
    };
    assert_eq!(pg.needs_page(&f, 0, 10).expect("server").total, 1);
    same_documents(
        dir.path(),
        &file,
        &pg,
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
    );
}

#[test]
fn pg_a_shared_project_is_written_back_to_a_file_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, pg) = both(dir.path(), &demo_project());
    let copy = dir.path().join("copy.medskapa");
    pg.save_copy(&copy).expect("save a copy");
    let back = Store::open(&copy, OpenOptions::default()).expect("open the copy");
    assert_eq!(
        into_json(file.load_project().expect("load")),
        into_json(back.load_project().expect("load"))
    );
}

#[test]
fn pg_share_refuses_a_database_that_is_not_empty_and_changes_nothing() {
    let s = server();
    let project = demo_project();
    let url = s.database("full").expect("a database");
    Store::share(&project, &url, None).expect("share once");
    let e = Store::share(&project, &url, None).expect_err("share twice");
    assert_eq!(e.code, "not_empty");
    assert!(
        e.message.contains("already holds a project"),
        "{}",
        e.message
    );

    let other = s.database("other").expect("a database");
    let db = testing::database_of(&other);
    s.psql(
        db,
        "CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1);",
    )
    .expect("plant a table");
    let e = Store::share(&project, &other, None).expect_err("share into someone's database");
    assert_eq!(e.code, "not_empty");
    assert_eq!(
        s.psql(db, "SELECT count(*) FROM invoices").ok().as_deref(),
        Some("1\n")
    );
    assert_eq!(
        s.psql(
            db,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        )
        .ok()
        .as_deref(),
        Some("1\n"),
        "nothing of ours was left behind"
    );
    let e = Store::open_server(&other, None)
        .err()
        .expect("not a project");
    assert_eq!(e.code, "not_medskapa");
}

#[test]
fn pg_a_failed_share_leaves_nothing_behind() {
    let s = server();
    let url = s.database("fail").expect("a database");
    let mut project = demo_project();
    // Two needs with one id: the second insert fails inside the transaction.
    let twin = project.needs[0].clone();
    project.needs.push(twin);
    assert!(Store::share(&project, &url, None).is_err());
    assert_eq!(
        s.psql(
            testing::database_of(&url),
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        )
        .ok()
        .as_deref(),
        Some("0\n")
    );
}

#[test]
fn pg_a_reader_gets_a_read_only_project_and_a_stranger_no_access() {
    let s = server();
    let url = s.database("roles").expect("a database");
    let db = testing::database_of(&url).to_string();
    Store::share(&demo_project(), &url, None).expect("share");
    let suffix = db.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let reader = format!("reader_{suffix}");
    let stranger = format!("stranger_{suffix}");
    s.psql(
        &db,
        &format!(
            "CREATE ROLE {reader} LOGIN PASSWORD 'läsare'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader};
             CREATE ROLE {stranger} LOGIN PASSWORD 'främling';"
        ),
    )
    .expect("roles");
    let as_user = |user: &str, password: &str| s.url(&db, &format!("{user}:{password}"));

    let mut store = Store::open_server(&as_user(&reader, "läsare"), None).expect("open as reader");
    assert!(store.read_only());
    assert_eq!(
        store
            .needs_page(&NeedFilter::default(), 0, 10)
            .expect("read")
            .total,
        120
    );
    let mut need = store.load_project().expect("load").needs[0].clone();
    need.statement = "Ändrat av en läsare".into();
    let e = store.save_need(&need).expect_err("a reader may not write");
    assert_eq!(e.code, "read_only");

    let e = Store::open_server(&as_user(&stranger, "främling"), None)
        .err()
        .expect("no access");
    assert_eq!(e.code, "no_access");
    assert!(
        e.message.contains("no access to this project"),
        "{}",
        e.message
    );
    assert!(
        !e.message.contains("främling"),
        "the password is never shown"
    );
}

#[test]
fn pg_bad_addresses_and_servers_are_named_in_one_line() {
    let s = server();
    let url = s.database("auth").expect("a database");
    let db = testing::database_of(&url).to_string();
    let user = format!(
        "anna_{}",
        db.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    s.psql(&db, &format!("CREATE ROLE {user} LOGIN PASSWORD 'rätt'"))
        .expect("a role");
    let cases = [
        ("postgresql://server-without-database", "bad_address"),
        ("postgresql://a:b:c@/x?port=notaport", "bad_address"),
        (
            "postgresql://postgres@/x?host=/no/such/folder&port=5432",
            "offline",
        ),
        (&*s.url(&format!("{db}_missing"), "postgres"), "missing"),
        (&*s.url(&db, &format!("{user}:fel")), "auth"),
        (&*s.url(&db, &user), "password_needed"),
    ];
    for (address, code) in cases {
        let e = Store::open_server(address, None).err().expect("refused");
        assert_eq!(e.code, code, "{address}: {}", e.message);
        assert!(!e.message.contains('\n'), "{}", e.message);
        assert!(!e.message.contains("fel"), "no password in {}", e.message);
    }
    let typed = Store::open_server(&s.url(&db, &user), Some("rätt"));
    assert_eq!(typed.err().map(|e| e.code == "not_medskapa"), Some(true));
}

/// A shared project as schema 2 left it: the demo without what schema 3 added.
fn schema_2_database(s: &TestServer, prefix: &str) -> String {
    let url = s.database(prefix).expect("a database");
    Store::share(&demo_project(), &url, None).expect("share");
    s.psql(
        testing::database_of(&url),
        "DROP TABLE need_embedding, commitment_segment, commitment_question, commitment_need,
                    commitment_insight, commitment_event, commitment;
         ALTER TABLE segment DROP COLUMN residents, DROP COLUMN residents_source;
         UPDATE meta SET value = '2' WHERE key = 'medskapa_schema';",
    )
    .expect("back to schema 2");
    url
}

#[test]
fn pg_a_schema_2_project_is_upgraded_by_its_owner_and_refused_to_others() {
    let s = server();
    let url = schema_2_database(s, "upgrade");
    let db = testing::database_of(&url).to_string();
    let suffix = db.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let reader = format!("reader_{suffix}");
    s.psql(
        &db,
        &format!(
            "CREATE ROLE {reader} LOGIN PASSWORD 'läsare'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader};"
        ),
    )
    .expect("a reader");

    let e = Store::open_server(&s.url(&db, &format!("{reader}:läsare")), None)
        .err()
        .expect("a reader cannot upgrade");
    assert_eq!(e.code, "needs_upgrade");
    assert!(e.message.contains("schema 2"), "{}", e.message);
    assert!(
        e.message.contains("its owner must open it"),
        "{}",
        e.message
    );

    let store = Store::open_server(&url, None).expect("the owner opens and upgrades");
    assert_eq!(
        s.psql(&db, "SELECT value FROM meta WHERE key = 'medskapa_schema'")
            .expect("version")
            .trim(),
        "3"
    );
    assert_eq!(
        into_json(store.load_project().expect("load")),
        into_json(without_later_data(demo_project())),
        "every row is kept"
    );
    // Reopening does not upgrade again.
    drop(Store::open_server(&url, None).expect("open again"));
}
