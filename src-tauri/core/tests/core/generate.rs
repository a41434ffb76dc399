//! `medskapa generate`: deterministic, the requested size, valid, and realistic in shape.

use std::collections::{HashMap, HashSet};

use medskapa_core::app::generate::{
    busiest_decision, generate, generate_brief_file, generate_file, GenerateOptions,
};
use medskapa_core::domain::checks::WarningCode;
use medskapa_core::domain::model::*;
use medskapa_core::formats::interchange;
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::lang::Lang;

fn opts(seed: u64) -> GenerateOptions {
    GenerateOptions {
        needs: 2_000,
        activities: 200,
        questions: 40,
        seed,
        flaws: None,
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
        flaws: None,
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
    let codes: HashSet<&str> = medskapa_core::domain::checks::check(&p, today, Lang::Sv)
        .into_iter()
        .map(|w| w.code.as_str())
        .collect();
    for c in [
        "question_after_decision",
        "activity_after_deadline",
        "untagged_needs",
    ] {
        assert!(codes.contains(c), "no {c} warning: {codes:?}");
    }
}

/// Warnings by severity and by rule code, seen from the generator's reference date.
fn warnings_of(p: &Project) -> (HashMap<&'static str, usize>, HashMap<String, usize>) {
    let today = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
    let mut by_severity: HashMap<&'static str, usize> = HashMap::new();
    let mut by_code: HashMap<String, usize> = HashMap::new();
    for w in medskapa_core::domain::checks::check(p, today, Lang::Sv) {
        *by_severity.entry(w.severity.code()).or_default() += 1;
        *by_code.entry(w.code.as_str().to_string()).or_default() += 1;
    }
    (by_severity, by_code)
}

/// A real, well-run project has a handful of errors and tens of warnings, not thousands:
/// a generated one looks the same, and still trips every rule so that scale tests see
/// each kind of warning.
#[test]
fn a_generated_project_has_warnings_in_realistic_numbers() {
    let big = generate(&GenerateOptions::scaled(10_000, 1));
    let (severity, codes) = warnings_of(&big);
    let errors = severity.get("error").copied().unwrap_or(0);
    let warnings = severity.get("warning").copied().unwrap_or(0);
    assert!((1..=3).contains(&errors), "{errors} errors: {codes:?}");
    assert!(
        (10..=60).contains(&warnings),
        "{warnings} warnings: {codes:?}"
    );
    assert!(severity.get("info").copied().unwrap_or(0) >= 1, "{codes:?}");
    for code in WarningCode::ALL.iter().map(|c| c.as_str()) {
        assert!(codes.contains_key(code), "no {code} warning: {codes:?}");
    }
    // A tenth of the size has fewer warnings, but far more than a tenth of them.
    let small = generate(&GenerateOptions::scaled(1_000, 1));
    let (small_severity, small_codes) = warnings_of(&small);
    let small_warnings = small_severity.get("warning").copied().unwrap_or(0);
    assert!(
        (5..warnings).contains(&small_warnings),
        "{small_warnings} warnings at 1,000 needs: {small_codes:?}"
    );
    assert!(small_severity.get("error").copied().unwrap_or(0) <= 3);
}

/// Without planted flaws the generated project is kept well: the check finds no error and
/// at most a chance warning or two; asked for more flaws, it finds more.
#[test]
fn flaws_are_planted_as_asked() {
    let with = |flaws| {
        generate(&GenerateOptions {
            flaws: Some(flaws),
            ..GenerateOptions::scaled(10_000, 2)
        })
    };
    let (severity, codes) = warnings_of(&with(0));
    assert_eq!(severity.get("error"), None, "{codes:?}");
    assert!(
        severity.get("warning").copied().unwrap_or(0) <= 3,
        "a project kept well: {codes:?}"
    );
    let (few, _) = warnings_of(&with(2));
    let (many, many_codes) = warnings_of(&with(8));
    let few = few.get("warning").copied().unwrap_or(0);
    let many = many.get("warning").copied().unwrap_or(0);
    assert!(
        many >= 3 * few,
        "{few} warnings with 2 flaws, {many} with 8: {many_codes:?}"
    );
    assert!(
        GenerateOptions {
            flaws: Some(1_001),
            ..GenerateOptions::scaled(10, 1)
        }
        .check()
        .is_err(),
        "too many flaws are refused"
    );
}

#[test]
fn zero_sizes_are_fine() {
    let p = generate(&GenerateOptions {
        needs: 0,
        activities: 0,
        questions: 0,
        seed: 1,
        flaws: None,
    });
    interchange::validate(&p).expect("valid");
    assert!(p.needs.is_empty() && p.insights.is_empty());
}

// ---------------------------------------------------------------------------
// The needs queries against a plain-SQL reference, over many filters
// ---------------------------------------------------------------------------

mod reference {
    use medskapa_core::store::search::{descendants, fts_query, NeedFilter, TagMode};
    use medskapa_core::store::Store;
    use rusqlite::types::Value;

    /// Lower case without the diacritics of Swedish (and a few other) letters.
    fn folded(s: &str) -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
                'ö' | 'ó' | 'ò' | 'ô' => 'o',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ü' | 'ú' => 'u',
                c => c,
            })
            .collect()
    }

    /// The activities whose title or place has every word of `text` as the start of a word.
    fn activities_named(store: &Store, text: &str) -> Vec<String> {
        let split = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(folded)
                .collect()
        };
        let wanted = split(text);
        let conn = crate::support::sql(store);
        let mut st = conn
            .prepare("SELECT id, title, place FROM activity")
            .expect("sql");
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .expect("runs")
            .collect::<Result<Vec<_>, _>>()
            .expect("reads");
        rows.into_iter()
            .filter(|(_, title, place)| {
                let have = split(&format!("{title} {place}"));
                wanted
                    .iter()
                    .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
            })
            .map(|(id, _, _)| id)
            .collect()
    }

    /// The straightforward `WHERE` over `need n` that the fast path must agree with.
    pub fn conditions(store: &Store, f: &NeedFilter) -> (String, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(q) = fts_query(&f.text) {
            params.push(Value::Text(q));
            params.push(Value::Text(
                serde_json::to_string(&activities_named(store, &f.text)).expect("json"),
            ));
            conds.push(format!(
                "(n.nid IN (SELECT rowid FROM need_fts WHERE need_fts MATCH ?{}) \
                  OR n.activity_id IN (SELECT value FROM json_each(?{})))",
                params.len() - 1,
                params.len()
            ));
        }
        let mut groups: Vec<Vec<String>> = Vec::new();
        for t in &f.tag_ids {
            groups.push(if f.include_children {
                descendants(store, t).expect("descendants")
            } else {
                vec![t.clone()]
            });
        }
        if !groups.is_empty() {
            let groups = match f.tag_mode {
                TagMode::Any => vec![groups.concat()],
                TagMode::All => groups,
            };
            for g in groups {
                let mut marks = Vec::new();
                for t in g {
                    params.push(Value::Text(t));
                    marks.push(format!("?{}", params.len()));
                }
                conds.push(format!(
                    "n.nid IN (SELECT nid FROM need_tag WHERE tag_id IN ({}))",
                    marks.join(", ")
                ));
            }
        }
        if let Some(s) = f.segment_id.as_deref() {
            params.push(Value::Text(s.into()));
            conds.push(format!(
                "n.nid IN (SELECT nid FROM need_segment WHERE segment_id = ?{})",
                params.len()
            ));
        }
        if let Some(a) = f.activity_id.as_deref() {
            params.push(Value::Text(a.into()));
            conds.push(format!("n.activity_id = ?{}", params.len()));
        }
        if let Some(q) = f.key_question_id.as_deref() {
            params.push(Value::Text(q.into()));
            let i = params.len();
            conds.push(format!(
                "(n.activity_id IN (SELECT activity_id FROM activity_question WHERE key_question_id = ?{i})
                  OR n.nid IN (SELECT inn.nid FROM insight_need inn JOIN insight_question iq
                               ON iq.insight_id = inn.insight_id WHERE iq.key_question_id = ?{i}))"
            ));
        }
        if f.important_only {
            conds.push("n.important = 1".into());
        }
        if f.untagged_only {
            conds.push("NOT EXISTS (SELECT 1 FROM need_tag t WHERE t.nid = n.nid)".into());
        }
        let sql = if conds.is_empty() {
            "1".into()
        } else {
            conds.join(" AND ")
        };
        (sql, params)
    }

    pub fn ids(store: &Store, f: &NeedFilter) -> Vec<String> {
        let (cond, params) = conditions(store, f);
        let conn = crate::support::sql(store);
        let mut st = conn
            .prepare(&format!(
                "SELECT n.id FROM need n WHERE {cond} ORDER BY n.nid DESC"
            ))
            .expect("sql");
        st.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
            .expect("runs")
            .collect::<Result<Vec<String>, _>>()
            .expect("reads")
    }

    pub fn tag_counts(store: &Store, f: &NeedFilter) -> Vec<(String, u32)> {
        let (cond, params) = conditions(store, f);
        let conn = crate::support::sql(store);
        let mut st = conn
            .prepare(&format!(
                "SELECT t.tag_id, COUNT(*) FROM need_tag t JOIN need n ON n.nid = t.nid
                 WHERE {cond} GROUP BY t.tag_id ORDER BY t.tag_id"
            ))
            .expect("sql");
        st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("runs")
        .collect::<Result<Vec<_>, _>>()
        .expect("reads")
    }

    pub fn matrix(store: &Store, f: &NeedFilter) -> Vec<(String, String, u32)> {
        let (cond, params) = conditions(store, f);
        let conn = crate::support::sql(store);
        let mut st = conn
            .prepare(&format!(
                "SELECT t.tag_id, s.segment_id, COUNT(*) FROM need n
                   JOIN need_tag t ON t.nid = n.nid JOIN need_segment s ON s.nid = n.nid
                 WHERE {cond} GROUP BY t.tag_id, s.segment_id ORDER BY t.tag_id, s.segment_id"
            ))
            .expect("sql");
        st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("runs")
        .collect::<Result<Vec<_>, _>>()
        .expect("reads")
    }
}

#[test]
fn needs_queries_agree_with_plain_sql() {
    use medskapa_core::app::generate::Rng;
    use medskapa_core::store::search::{NeedFilter, TagMode};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("q.medskapa");
    let opts = GenerateOptions {
        needs: 3_000,
        activities: 300,
        questions: 30,
        seed: 5,
        flaws: None,
    };
    let p = generate(&opts);
    let store = Store::create_from(&path, &p).expect("writes");
    let mut rng = Rng::new(17);
    // The last three name places of activities ("Väla centrum" as typed without ä).
    let words = [
        "verktyg", "tyst", "möte", "lån", "bok", "kväll", "xyzzy", "dalhem", "vala", "hörsal",
    ];
    let mut non_empty = 0;
    for round in 0..150 {
        let mut f = NeedFilter::default();
        if rng.percent(35) {
            f.text = (*rng.pick(&words)).to_string();
        }
        for _ in 0..rng.weighted(&[40, 40, 20]) {
            f.tag_ids.push(rng.pick(&p.tags).id.clone());
        }
        f.include_children = rng.percent(50);
        f.tag_mode = if rng.percent(50) {
            TagMode::Any
        } else {
            TagMode::All
        };
        if rng.percent(20) {
            f.segment_id = Some(rng.pick(&p.segments).id.clone());
        }
        if rng.percent(10) {
            f.activity_id = Some(rng.pick(&p.activities).id.clone());
        }
        if rng.percent(15) {
            f.key_question_id = Some(rng.pick(&p.key_questions).id.clone());
        }
        f.important_only = rng.percent(15);
        f.untagged_only = rng.percent(10);

        let want = reference::ids(&store, &f);
        if !want.is_empty() {
            non_empty += 1;
        }
        let limit = [1u32, 25, 100, 500][rng.below(4) as usize];
        let offset = if want.is_empty() || rng.percent(50) {
            0
        } else {
            rng.below(want.len() as u64 + 5) as u32
        };
        let page = store.needs_page(&f, offset, limit).expect("a page");
        assert_eq!(
            page.total as usize,
            want.len(),
            "round {round}: total for {f:?}"
        );
        let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        let expected: Vec<&str> = want
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(String::as_str)
            .collect();
        assert_eq!(got, expected, "round {round}: rows for {f:?}");

        let counts: Vec<(String, u32)> = store
            .tag_counts(&f)
            .expect("counts")
            .into_iter()
            .map(|c| (c.tag_id, c.count))
            .collect();
        assert_eq!(
            counts,
            reference::tag_counts(&store, &f),
            "round {round}: tag counts"
        );

        let matrix: Vec<(String, String, u32)> = store
            .tag_segment_matrix(&f)
            .expect("matrix")
            .into_iter()
            .map(|c| (c.tag_id, c.segment_id, c.count))
            .collect();
        assert_eq!(
            matrix,
            reference::matrix(&store, &f),
            "round {round}: matrix"
        );
    }
    assert!(non_empty >= 40, "only {non_empty} filters matched anything");
}

#[test]
fn planning_warnings_from_the_store_match_the_full_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("w.medskapa");
    let store = generate_file(
        &path,
        &GenerateOptions {
            needs: 2_000,
            activities: 400,
            questions: 60,
            seed: 21,
            flaws: None,
        },
    )
    .expect("generates");
    for today in ["2025-06-01", "2027-03-01", "2029-12-24"] {
        let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
        let full = medskapa_core::domain::checks::check(
            &store.load_project().expect("loads"),
            today,
            Lang::Sv,
        );
        let fast = store.planning_warnings(today, Lang::Sv).expect("checks");
        assert_eq!(fast, full, "{today}");
        assert!(fast.iter().any(|w| w.code == "untagged_needs"));
        // Översikt's late feedback is that one rule's warnings, oldest first.
        let overview = medskapa_core::app::overview::overview(&store, today).expect("overview");
        let mut late: Vec<&str> = full
            .iter()
            .filter(|w| w.code == "feedback_overdue")
            .map(|w| w.id.as_str())
            .collect();
        let shown: Vec<&str> = overview
            .overdue_feedback
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert!(
            overview
                .overdue_feedback
                .windows(2)
                .all(|w| w[0].starts_at <= w[1].starts_at),
            "{today}: {shown:?}"
        );
        let mut shown_sorted = shown.clone();
        shown_sorted.sort_unstable();
        late.sort_unstable();
        assert_eq!(shown_sorted, late, "{today}");
    }
    let late_somewhere = ["2027-03-01", "2029-12-24"].iter().any(|today| {
        let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
        !medskapa_core::app::overview::overview(&store, today)
            .expect("overview")
            .overdue_feedback
            .is_empty()
    });
    assert!(late_somewhere, "the generator plants late feedback");
    // The shallow project is the full one without its needs.
    let mut full = store.load_project().expect("loads");
    full.needs.clear();
    assert_eq!(store.load_project_shallow().expect("loads"), full);
}

/// The needs a decision's brief lists in its appendix (its last section's table).
fn appendix_rows(store: &Store, decision: &str) -> usize {
    use medskapa_core::documents::brief::{BriefTarget, Content};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let model = medskapa_core::app::briefs::brief_model(
        store,
        &BriefTarget::Decision(decision.into()),
        Lang::Sv,
        today,
    )
    .expect("builds");
    let last = model.sections.last().expect("an appendix");
    last.content
        .iter()
        .map(|c| match c {
            Content::Table { table } => table.rows.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn a_project_for_measuring_a_brief_lists_the_asked_number_of_needs_for_its_busiest_decision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = dir.path().join("plain.medskapa");
    generate_file(&plain, &opts(3)).expect("generates");
    let before = Store::open(&plain, OpenOptions::default()).expect("opens");
    let busiest = busiest_decision(&before.load_project().expect("loads")).expect("a decision");
    let had = appendix_rows(&before, &busiest);
    assert!(had > 0 && had < 1_500, "{had}");

    let path = dir.path().join("brief.medskapa");
    let decision = generate_brief_file(&path, &opts(3), 1_500).expect("generates");
    assert_eq!(decision, busiest);
    let store = Store::open(&path, OpenOptions::default()).expect("opens");
    assert_eq!(appendix_rows(&store, &decision), 1_500);
    // Needs are moved, never added or lost.
    assert_eq!(store.load_project().expect("loads").needs.len(), 2_000);
    // Like `generate`, it never replaces a file.
    assert!(generate_brief_file(&path, &opts(3), 10).is_err());
}
