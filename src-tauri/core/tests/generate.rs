//! `medskapa generate`: deterministic, the requested size, valid, and realistic in shape.

use std::collections::{HashMap, HashSet};

use medskapa_core::cli::{run, Outcome};
use medskapa_core::generate::{generate, generate_file, GenerateOptions};
use medskapa_core::interchange;
use medskapa_core::model::*;
use medskapa_core::store::{OpenOptions, Store};

fn opts(seed: u64) -> GenerateOptions {
    GenerateOptions {
        needs: 2_000,
        activities: 200,
        questions: 40,
        seed,
    }
}

fn export(path: &std::path::Path) -> String {
    let store = Store::open(path, OpenOptions::default()).expect("opens");
    interchange::to_json(&store.load_project().expect("loads"))
}

#[test]
fn same_seed_same_export_other_seed_differs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.medskapa");
    let b = dir.path().join("b.medskapa");
    let c = dir.path().join("c.medskapa");
    generate_file(&a, &opts(7)).expect("generates a");
    generate_file(&b, &opts(7)).expect("generates b");
    generate_file(&c, &opts(8)).expect("generates c");
    let (ea, eb, ec) = (export(&a), export(&b), export(&c));
    assert_eq!(ea, eb, "the same seed must give byte-identical exports");
    assert_ne!(ea, ec, "another seed must give another project");
    // What was written is what was generated.
    assert_eq!(ea, interchange::to_json(&generate(&opts(7))));
}

#[test]
fn counts_match_and_the_project_is_valid() {
    let p = generate(&opts(3));
    assert_eq!(p.needs.len(), 2_000);
    assert_eq!(p.activities.len(), 200);
    assert_eq!(p.key_questions.len(), 40);
    interchange::validate(&p).expect("a generated project passes validation");
    // And it survives the interchange round trip unchanged.
    let text = interchange::to_json(&p);
    let back = interchange::parse(&text).expect("parses");
    assert_eq!(back, p);
}

#[test]
fn the_shape_is_realistic() {
    let p = generate(&GenerateOptions {
        needs: 10_000,
        activities: 1_000,
        questions: 100,
        seed: 11,
    });
    // Segments: 8–12, exactly two priority.
    assert!((8..=12).contains(&p.segments.len()));
    assert_eq!(p.segments.iter().filter(|s| s.priority).count(), 2);
    // The four themes at the top of a three-level codebook.
    let top: Vec<&str> = p
        .tags
        .iter()
        .filter(|t| t.parent_id.is_none())
        .map(|t| t.name.as_str())
        .collect();
    for theme in [
        "Invånarnas mötesplats",
        "En plats för läsinspiration, information och kunskap",
        "En plats för demokrati och delaktighet",
        "Hållbarhet och delade resurser",
    ] {
        assert!(top.contains(&theme), "missing theme {theme}");
    }
    assert_eq!(top.len(), 4);
    let parent: HashMap<&str, Option<&str>> = p
        .tags
        .iter()
        .map(|t| (t.id.as_str(), t.parent_id.as_deref()))
        .collect();
    let depth = |id: &str| {
        let mut d = 0;
        let mut cur = parent[id];
        while let Some(c) = cur {
            d += 1;
            cur = parent[c];
        }
        d
    };
    assert!(p.tags.iter().any(|t| depth(&t.id) == 2), "grandchildren");
    // Tag names are unique (import matches tags by name).
    let names: HashSet<&str> = p.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), p.tags.len());
    // Zipf-like use: the busiest tag carries far more than the median one.
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for n in &p.needs {
        for t in &n.tag_ids {
            *uses.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut counts: Vec<usize> = p
        .tags
        .iter()
        .map(|t| uses.get(t.id.as_str()).copied().unwrap_or(0))
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    assert!(counts[0] > 10 * counts[counts.len() / 2].max(1));
    // Quotes on about a third; Swedish letters in the text; some untagged needs.
    let quoted = p.needs.iter().filter(|n| !n.quote.is_empty()).count();
    assert!((2_800..3_900).contains(&quoted), "{quoted} quotes");
    let all: String = p.needs.iter().map(|n| n.statement.as_str()).collect();
    assert!(all.contains('å') && all.contains('ä') && all.contains('ö'));
    assert!(p.needs.iter().any(|n| n.tag_ids.is_empty()));
    // Decisions over several years; all activity states; participants where held.
    let years: HashSet<&str> = p
        .decisions
        .iter()
        .filter_map(|d| d.decision_date.as_deref().map(|s| &s[..4]))
        .collect();
    assert!(years.len() >= 4, "{years:?}");
    for st in [
        ActivityStatus::Planned,
        ActivityStatus::Held,
        ActivityStatus::ReportedBack,
    ] {
        assert!(p.activities.iter().any(|a| a.status == st));
    }
    assert!(p
        .activities
        .iter()
        .filter(|a| a.status != ActivityStatus::Planned)
        .all(|a| !a.participants.is_empty()));
    assert!(p
        .key_questions
        .iter()
        .all(|q| q.decision_id.is_some() || q.needed_by.is_some()));
    assert!(p.activities.iter().any(|a| !a.key_question_ids.is_empty()));
    assert!(!p.insights.is_empty() && p.insights.iter().all(|i| !i.need_ids.is_empty()));
    // The planning check finds something of several kinds.
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
    let codes: HashSet<String> = medskapa_core::checks::check(&p, today)
        .into_iter()
        .map(|w| w.code)
        .collect();
    for c in [
        "question_after_decision",
        "activity_after_deadline",
        "untagged_needs",
    ] {
        assert!(codes.contains(c), "no {c} warning: {codes:?}");
    }
}

#[test]
fn cli_refuses_an_existing_file_and_bad_arguments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("g.medskapa");
    let f_s = f.to_str().expect("utf-8 path");
    let args = |extra: &[&str]| {
        let mut v = vec!["medskapa", "generate", f_s];
        v.extend_from_slice(extra);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let ok = args(&[
        "--needs",
        "50",
        "--activities",
        "5",
        "--questions",
        "3",
        "--seed",
        "9",
    ]);
    assert_eq!(run(ok.clone()), Outcome::Exit(0));
    let store = Store::open(&f, OpenOptions::default()).expect("opens");
    assert_eq!(store.need_count().expect("counts"), 50);
    drop(store);
    // An existing file is refused and left alone.
    let before = std::fs::read(&f).expect("reads");
    assert_eq!(run(ok), Outcome::Exit(2));
    assert_eq!(std::fs::read(&f).expect("reads"), before);
    // Bad numbers and missing arguments are usage errors.
    std::fs::remove_file(&f).expect("removes");
    for bad in [
        args(&["--needs", "-1", "--activities", "5", "--questions", "3"]),
        args(&["--needs", "many", "--activities", "5", "--questions", "3"]),
        args(&["--needs", "10", "--questions", "3"]),
        args(&[
            "--needs",
            "99999999",
            "--activities",
            "5",
            "--questions",
            "3",
        ]),
        args(&[
            "--needs",
            "10",
            "--activities",
            "5",
            "--questions",
            "3",
            "--seed",
            "x",
        ]),
    ] {
        assert_eq!(run(bad.clone()), Outcome::Exit(2), "{bad:?}");
        assert!(!f.exists(), "nothing written for {bad:?}");
    }
}

#[test]
fn zero_sizes_are_fine() {
    let p = generate(&GenerateOptions {
        needs: 0,
        activities: 0,
        questions: 0,
        seed: 1,
    });
    interchange::validate(&p).expect("valid");
    assert!(p.needs.is_empty() && p.insights.is_empty());
}
