//! The needs workspace: full-text search, filters, highlighting, paging and tag counts.

use std::collections::BTreeSet;

use medskapa_core::domain::model::*;
use medskapa_core::store::search::{NeedFilter, NeedsPage, TagCount, TagMode, MAX_PAGE};
use medskapa_core::store::Store;

// ---- fixture ------------------------------------------------------------------------------

fn tag(id: &str, parent: Option<&str>) -> Tag {
    Tag {
        id: id.into(),
        name: id.into(),
        parent_id: parent.map(str::to_string),
        color: default_color(),
        ..Default::default()
    }
}

fn activity(id: &str, title: &str, questions: &[&str]) -> Activity {
    Activity {
        id: id.into(),
        title: title.into(),
        starts_at: Some("2027-02-10T14:00".into()),
        key_question_ids: questions.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn need(
    id: &str,
    statement: &str,
    quote: &str,
    activity: Option<&str>,
    segments: &[&str],
    tags: &[&str],
    important: bool,
) -> Need {
    Need {
        id: id.into(),
        statement: statement.into(),
        quote: quote.into(),
        activity_id: activity.map(str::to_string),
        segment_ids: segments.iter().map(|s| s.to_string()).collect(),
        tag_ids: tags.iter().map(|s| s.to_string()).collect(),
        important,
    }
}

/// Tags theme > child > grandchild, other, loose. Activity a1 asks q1, a2 asks q1 and q2,
/// a3 asks q2. Needs are stored in id order, so `n12` is the newest.
fn fixture() -> Project {
    let mut p = Project::default();
    p.project.name = "Sök".into();
    p.segments = ["s1", "s2"]
        .iter()
        .map(|s| Segment {
            id: s.to_string(),
            name: s.to_string(),
            ..Default::default()
        })
        .collect();
    p.tags = vec![
        tag("theme", None),
        tag("child", Some("theme")),
        tag("grandchild", Some("child")),
        tag("other", None),
        tag("loose", None),
    ];
    p.key_questions = ["q1", "q2"]
        .iter()
        .map(|q| KeyQuestion {
            id: q.to_string(),
            title: q.to_string(),
            ..Default::default()
        })
        .collect();
    p.activities = vec![
        activity("a1", "Workshop i Stadsparken", &["q1"]),
        activity("a2", "Pop-up på Knutpunkten", &["q1", "q2"]),
        activity("a3", "Enkät", &["q2"]),
    ];
    p.needs = vec![
        need(
            "n01",
            "Vi vill ha en mötesplats för unga",
            "",
            Some("a1"),
            &["s1"],
            &["child"],
            true,
        ),
        need(
            "n02",
            "Ett tyst möte med <grannar> & \"vänner\"",
            "",
            Some("a1"),
            &["s2"],
            &["theme"],
            false,
        ),
        need(
            "n03",
            "Fler sittplatser",
            "Jag vill kunna MÖTA vänner efter skolan",
            Some("a2"),
            &["s1"],
            &["other"],
            false,
        ),
        need(
            "n04",
            "Läsinspiration för barn",
            "",
            Some("a2"),
            &["s2"],
            &["grandchild", "other"],
            true,
        ),
        need("n05", "Möten på kvällen", "", Some("a3"), &[], &[], false),
        need(
            "n06",
            "Kaffe och tidningar",
            "",
            None,
            &[],
            &["theme", "other"],
            false,
        ),
        need(
            "n07",
            "Tysta rum för studier & <script>läxor</script>",
            "",
            Some("a1"),
            &[],
            &[],
            false,
        ),
    ];
    for k in 8..=12 {
        p.needs.push(need(
            &format!("n{k:02}"),
            &format!("Behov nummer {k}"),
            "",
            Some("a3"),
            &[],
            &["loose"],
            false,
        ));
    }
    p.insights = vec![Insight {
        id: "i1".into(),
        title: "Mötesplats".into(),
        need_ids: vec!["n01".into(), "n02".into()],
        key_question_ids: vec!["q1".into()],
        ..Default::default()
    }];
    p
}

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
}

fn setup() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_from(&dir.path().join("q.medskapa"), &fixture()).unwrap();
    Fx { _dir: dir, store }
}

fn page(fx: &Fx, f: &NeedFilter) -> NeedsPage {
    fx.store.needs_page(f, 0, MAX_PAGE).unwrap()
}

/// The ids of every need matching `f`, checking that `total` agrees.
fn ids(fx: &Fx, f: &NeedFilter) -> BTreeSet<String> {
    let p = page(fx, f);
    assert_eq!(p.total as usize, p.rows.len(), "total for {f:?}");
    p.rows.into_iter().map(|r| r.id).collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn text(t: &str) -> NeedFilter {
    NeedFilter {
        text: t.into(),
        ..Default::default()
    }
}

fn tags(t: &[&str], mode: TagMode, include_children: bool) -> NeedFilter {
    NeedFilter {
        tag_ids: t.iter().map(|s| s.to_string()).collect(),
        tag_mode: mode,
        include_children,
        ..Default::default()
    }
}

fn counts(c: &[(&str, u32)]) -> Vec<TagCount> {
    c.iter()
        .map(|(t, n)| TagCount {
            tag_id: t.to_string(),
            count: *n,
        })
        .collect()
}

// ---- full-text search ---------------------------------------------------------------------

#[test]
fn a_prefix_with_swedish_letters_finds_longer_words() {
    let fx = setup();
    assert_eq!(
        ids(&fx, &text("möt")),
        set(&["n01", "n02", "n03", "n05"]),
        "mötesplats, möte, MÖTA (in a quote), Möten"
    );
    assert_eq!(ids(&fx, &text("mötesplats")), set(&["n01"]));
    assert_eq!(ids(&fx, &text("läsinsp")), set(&["n04"]));
}

#[test]
fn search_ignores_diacritics() {
    let fx = setup();
    // `mote` finds möte, Möten and mötesplats, but not MÖTA.
    assert_eq!(ids(&fx, &text("mote")), set(&["n01", "n02", "n05"]));
    assert_eq!(ids(&fx, &text("lasinspiration")), set(&["n04"]));
    assert_eq!(ids(&fx, &text("kvallen")), set(&["n05"]));
}

#[test]
fn search_ignores_case() {
    let fx = setup();
    assert_eq!(ids(&fx, &text("MÖTE")), set(&["n01", "n02", "n05"]));
    assert_eq!(ids(&fx, &text("MöTe")), ids(&fx, &text("möte")));
    assert_eq!(ids(&fx, &text("möta")), set(&["n03"]), "MÖTA in the quote");
}

#[test]
fn search_covers_quotes_too() {
    let fx = setup();
    assert_eq!(ids(&fx, &text("skolan")), set(&["n03"]));
    assert_eq!(ids(&fx, &text("vänner")), set(&["n02", "n03"]));
}

#[test]
fn every_word_must_match() {
    let fx = setup();
    assert_eq!(ids(&fx, &text("möte grannar")), set(&["n02"]));
    assert_eq!(
        ids(&fx, &text("fler skolan")),
        set(&["n03"]),
        "statement + quote"
    );
    assert_eq!(ids(&fx, &text("möte zebra")), set(&[]));
    let p = page(&fx, &text("zebra"));
    assert_eq!((p.total, p.rows.len()), (0, 0));
}

#[test]
fn hits_are_marked_and_everything_else_escaped() {
    let fx = setup();
    let p = page(&fx, &text("mote"));
    let n02 = p.rows.iter().find(|r| r.id == "n02").unwrap();
    assert_eq!(
        n02.statement_html,
        "Ett tyst <mark>möte</mark> med &lt;grannar&gt; &amp; &quot;vänner&quot;"
    );
    assert_eq!(n02.statement, "Ett tyst möte med <grannar> & \"vänner\"");
    let n01 = p.rows.iter().find(|r| r.id == "n01").unwrap();
    assert_eq!(
        n01.statement_html,
        "Vi vill ha en <mark>mötesplats</mark> för unga"
    );

    let p = page(&fx, &text("MÖT"));
    let n03 = p.rows.iter().find(|r| r.id == "n03").unwrap();
    assert_eq!(n03.statement_html, "Fler sittplatser");
    assert_eq!(
        n03.quote_html,
        "Jag vill kunna <mark>MÖTA</mark> vänner efter skolan"
    );

    let p = page(&fx, &text("script"));
    assert_eq!(p.rows.len(), 1);
    assert_eq!(
        p.rows[0].statement_html,
        "Tysta rum för studier &amp; &lt;<mark>script</mark>&gt;läxor&lt;/<mark>script</mark>&gt;"
    );
}

#[test]
fn without_a_search_nothing_is_marked_but_html_is_still_escaped() {
    let fx = setup();
    let f = NeedFilter {
        activity_id: Some("a1".into()),
        ..Default::default()
    };
    let p = page(&fx, &f);
    for r in &p.rows {
        assert!(!r.statement_html.contains("<mark>"), "{}", r.statement_html);
        assert!(!r.statement_html.contains('<'), "{}", r.statement_html);
    }
    let n07 = p.rows.iter().find(|r| r.id == "n07").unwrap();
    assert_eq!(
        n07.statement_html,
        "Tysta rum för studier &amp; &lt;script&gt;läxor&lt;/script&gt;"
    );
}

#[test]
fn search_input_with_operators_or_quotes_never_errors() {
    let fx = setup();
    let all = fx.store.need_count().unwrap();
    let inputs = [
        "\"",
        "\"\"",
        "\"möte",
        "möte\"",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(möte grannar)",
        "möte AND",
        "AND möte",
        "möte OR grannar",
        "NOT möte",
        "*",
        "möte*",
        "*möte",
        "(",
        ")",
        "(möte",
        "möte)",
        "{statement}: möte",
        "statement:möte",
        "quote : vänner",
        "^möte",
        "-möte",
        "+",
        "möte + grannar",
        "'",
        "';DROP TABLE need;--",
        "%",
        "_",
        "\\",
        "\u{0}",
        "📚",
        "möte 📚",
        "ⓜⓞⓣⓔ",
        "a\u{0308}",
        "\u{0308}",
        "क\u{093E}",
        "x²",
        "Ⅻ",
        "   ",
        "",
    ];
    for input in inputs {
        let f = text(input);
        let p = fx
            .store
            .needs_page(&f, 0, 50)
            .unwrap_or_else(|e| panic!("{input:?}: {e:?}"));
        assert!(p.total <= all);
        fx.store
            .tag_counts(&f)
            .unwrap_or_else(|e| panic!("tag_counts {input:?}: {e:?}"));
        for r in &p.rows {
            assert!(!r.statement_html.contains("<script"), "{input:?}");
        }
    }
}

#[test]
fn operators_are_taken_as_plain_words() {
    let fx = setup();
    // Quotes and stars around a word change nothing.
    let plain = ids(&fx, &text("möte"));
    for input in ["\"möte\"", "möte*", "(möte)", "\"möte"] {
        assert_eq!(ids(&fx, &text(input)), plain, "{input:?}");
    }
    // Only punctuation is no search at all.
    for input in ["\"", "*", "(", "   "] {
        assert_eq!(page(&fx, &text(input)).total, 12, "{input:?}");
    }
    // `NOT` is not an operator: it does not exclude.
    assert_eq!(ids(&fx, &text("möte NOT grannar")), set(&[]));
}

// ---- filters ------------------------------------------------------------------------------

#[test]
fn a_parent_tag_finds_needs_tagged_with_its_children_when_asked() {
    let fx = setup();
    assert_eq!(
        ids(&fx, &tags(&["theme"], TagMode::Any, false)),
        set(&["n02", "n06"])
    );
    assert_eq!(
        ids(&fx, &tags(&["theme"], TagMode::Any, true)),
        set(&["n01", "n02", "n04", "n06"]),
        "child (n01) and grandchild (n04) too"
    );
    assert_eq!(
        ids(&fx, &tags(&["child"], TagMode::Any, true)),
        set(&["n01", "n04"])
    );
    assert_eq!(
        ids(&fx, &tags(&["grandchild"], TagMode::Any, true)),
        set(&["n04"])
    );
}

#[test]
fn tag_mode_any_is_a_union_and_all_an_intersection() {
    let fx = setup();
    assert_eq!(
        ids(&fx, &tags(&["child", "other"], TagMode::Any, false)),
        set(&["n01", "n03", "n04", "n06"])
    );
    assert_eq!(
        ids(&fx, &tags(&["theme", "other"], TagMode::All, false)),
        set(&["n06"])
    );
    assert_eq!(
        ids(&fx, &tags(&["theme", "other"], TagMode::All, true)),
        set(&["n04", "n06"]),
        "grandchild counts as theme"
    );
    assert_eq!(
        ids(&fx, &tags(&["grandchild", "other"], TagMode::All, false)),
        set(&["n04"])
    );
    assert_eq!(
        ids(&fx, &tags(&["child", "loose"], TagMode::All, true)),
        set(&[])
    );
}

#[test]
fn filter_by_segment_activity_and_key_question() {
    let fx = setup();
    let seg = |s: &str| NeedFilter {
        segment_id: Some(s.into()),
        ..Default::default()
    };
    assert_eq!(ids(&fx, &seg("s1")), set(&["n01", "n03"]));
    assert_eq!(ids(&fx, &seg("s2")), set(&["n02", "n04"]));

    let act = |a: &str| NeedFilter {
        activity_id: Some(a.into()),
        ..Default::default()
    };
    assert_eq!(ids(&fx, &act("a1")), set(&["n01", "n02", "n07"]));
    assert_eq!(ids(&fx, &act("a2")), set(&["n03", "n04"]));

    // Via the activities that ask the question.
    let q = |q: &str| NeedFilter {
        key_question_id: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(&fx, &q("q1")),
        set(&["n01", "n02", "n03", "n04", "n07"])
    );
    assert_eq!(
        ids(&fx, &q("q2")),
        set(&["n03", "n04", "n05", "n08", "n09", "n10", "n11", "n12"])
    );

    // Empty strings do not filter.
    let empty = NeedFilter {
        segment_id: Some(String::new()),
        activity_id: Some(String::new()),
        key_question_id: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(page(&fx, &empty).total, 12);
}

#[test]
fn filter_important_and_untagged() {
    let fx = setup();
    let important = NeedFilter {
        important_only: true,
        ..Default::default()
    };
    assert_eq!(ids(&fx, &important), set(&["n01", "n04"]));
    let untagged = NeedFilter {
        untagged_only: true,
        ..Default::default()
    };
    assert_eq!(ids(&fx, &untagged), set(&["n05", "n07"]));
}

#[test]
fn filters_combine() {
    let fx = setup();
    let f = NeedFilter {
        text: "möt".into(),
        segment_id: Some("s1".into()),
        ..Default::default()
    };
    assert_eq!(ids(&fx, &f), set(&["n01", "n03"]));
    let f = NeedFilter {
        untagged_only: true,
        activity_id: Some("a1".into()),
        ..Default::default()
    };
    assert_eq!(ids(&fx, &f), set(&["n07"]));
    let f = NeedFilter {
        text: "möt".into(),
        tag_ids: vec!["theme".into()],
        include_children: true,
        key_question_id: Some("q1".into()),
        ..Default::default()
    };
    assert_eq!(ids(&fx, &f), set(&["n01", "n02"]));
}

#[test]
fn rows_carry_activity_segments_tags_and_insights() {
    let fx = setup();
    let p = page(&fx, &text("mötesplats"));
    assert_eq!(p.rows.len(), 1);
    let r = &p.rows[0];
    assert_eq!(r.id, "n01");
    assert_eq!(r.activity_id.as_deref(), Some("a1"));
    assert_eq!(r.activity_title.as_deref(), Some("Workshop i Stadsparken"));
    assert_eq!(r.segment_ids, vec!["s1"]);
    assert_eq!(r.tag_ids, vec!["child"]);
    assert_eq!(r.insight_ids, vec!["i1"]);
    assert!(r.important);

    let p = page(&fx, &text("kaffe"));
    let r = &p.rows[0];
    assert_eq!(r.activity_id, None);
    assert_eq!(r.activity_title, None);
    assert!(r.segment_ids.is_empty());
    assert_eq!(r.tag_ids, vec!["other", "theme"]);
    assert!(r.insight_ids.is_empty());
}

#[test]
fn search_sees_edits_and_deletes() {
    let mut fx = setup();
    let mut n = fx
        .store
        .load_project()
        .unwrap()
        .needs
        .into_iter()
        .find(|n| n.id == "n06")
        .unwrap();
    n.statement = "Kaffe vid mötesplatsen".into();
    fx.store.save_need(&n).unwrap();
    assert_eq!(ids(&fx, &text("mötesplats")), set(&["n01", "n06"]));
    assert_eq!(ids(&fx, &text("tidningar")), set(&[]));
    fx.store.delete_needs(&["n01".into()]).unwrap();
    assert_eq!(ids(&fx, &text("mötesplats")), set(&["n06"]));
}

// ---- paging -------------------------------------------------------------------------------

#[test]
fn pages_cover_everything_once_with_the_full_total() {
    let fx = setup();
    let all = NeedFilter::default();
    let mut seen = Vec::new();
    for (offset, len) in [(0, 5), (5, 5), (10, 2), (12, 0), (100, 0)] {
        let p = fx.store.needs_page(&all, offset, 5).unwrap();
        assert_eq!(p.total, 12, "offset {offset}");
        assert_eq!(p.rows.len(), len, "offset {offset}");
        seen.extend(p.rows.into_iter().map(|r| r.id));
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(seen.len(), 12);
    assert_eq!(unique.len(), 12, "no need twice");
    assert_eq!(seen[0], "n12", "newest first");
    assert_eq!(seen[11], "n01");
}

#[test]
fn paging_a_filtered_list_keeps_the_filtered_total() {
    let fx = setup();
    let f = NeedFilter {
        key_question_id: Some("q2".into()),
        ..Default::default()
    };
    let p = fx.store.needs_page(&f, 6, 4).unwrap();
    assert_eq!(p.total, 8);
    assert_eq!(p.rows.len(), 2);
    let p = fx.store.needs_page(&text("möt"), 0, 1).unwrap();
    assert_eq!(p.total, 4);
    assert_eq!(p.rows.len(), 1);
}

#[test]
fn a_limit_of_zero_or_above_500_is_refused() {
    let fx = setup();
    let all = NeedFilter::default();
    for limit in [0, MAX_PAGE + 1, u32::MAX] {
        let e = fx.store.needs_page(&all, 0, limit).unwrap_err();
        assert_eq!(e.code, "invalid", "{limit}");
        assert!(e.message.contains("limit"), "{}", e.message);
    }
    assert_eq!(MAX_PAGE, 500);
    assert_eq!(fx.store.needs_page(&all, 0, 500).unwrap().rows.len(), 12);
    assert_eq!(fx.store.needs_page(&all, 0, 1).unwrap().rows.len(), 1);
}

// ---- tag counts ---------------------------------------------------------------------------

#[test]
fn tag_counts_without_a_filter() {
    let fx = setup();
    assert_eq!(
        fx.store.tag_counts(&NeedFilter::default()).unwrap(),
        counts(&[
            ("child", 1),
            ("grandchild", 1),
            ("loose", 5),
            ("other", 3),
            ("theme", 2)
        ])
    );
}

#[test]
fn tag_counts_follow_the_filter() {
    let fx = setup();
    let s2 = NeedFilter {
        segment_id: Some("s2".into()),
        ..Default::default()
    };
    assert_eq!(
        fx.store.tag_counts(&s2).unwrap(),
        counts(&[("grandchild", 1), ("other", 1), ("theme", 1)])
    );
    assert_eq!(
        fx.store.tag_counts(&text("möt")).unwrap(),
        counts(&[("child", 1), ("other", 1), ("theme", 1)])
    );
    assert_eq!(
        fx.store
            .tag_counts(&tags(&["theme"], TagMode::Any, true))
            .unwrap(),
        counts(&[("child", 1), ("grandchild", 1), ("other", 2), ("theme", 2)])
    );
    let untagged = NeedFilter {
        untagged_only: true,
        ..Default::default()
    };
    assert_eq!(fx.store.tag_counts(&untagged).unwrap(), vec![]);
    assert_eq!(fx.store.tag_counts(&text("zebra")).unwrap(), vec![]);
}

#[test]
fn every_hit_in_non_swedish_latin_letters_is_marked_too() {
    // Words the residents of Helsingborg bring: the search folds these diacritics, so the
    // highlighting must as well, or a found need shows no hit.
    let mut fx = setup();
    for (i, s) in [
        "Ćevapi-kväll med Šaša",
        "Türkçe kitaplar, güzel",
        "Café för Zoë",
        "Ørestad och Łódź",
    ]
    .iter()
    .enumerate()
    {
        fx.store
            .save_need(&Need {
                id: format!("x{i}"),
                statement: s.to_string(),
                ..Default::default()
            })
            .unwrap();
    }
    let marked = |q: &str| -> Vec<String> {
        fx.store
            .needs_page(&text(q), 0, 10)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.statement_html)
            .collect()
    };
    assert_eq!(marked("cevapi"), vec!["<mark>Ćevapi</mark>-kväll med Šaša"]);
    assert_eq!(marked("SASA"), vec!["Ćevapi-kväll med <mark>Šaša</mark>"]);
    assert_eq!(
        marked("turkce guzel"),
        vec!["<mark>Türkçe</mark> kitaplar, <mark>güzel</mark>"]
    );
    assert_eq!(
        marked("zoe cafe"),
        vec!["<mark>Café</mark> för <mark>Zoë</mark>"]
    );
    // What the search does not fold (ø, ł) it does not find, and marks nothing extra.
    assert_eq!(marked("orestad"), Vec::<String>::new());
    assert_eq!(marked("ørestad"), vec!["<mark>Ørestad</mark> och Łódź"]);
}

#[test]
fn a_search_finds_the_needs_heard_at_an_activity_by_its_title_or_place() {
    let mut p = fixture();
    p.activities[2].title = "Skolbesök på Olympiaskolan".into();
    p.activities[2].place = "Rosengård".into();
    let dir = tempfile::tempdir().unwrap();
    let fx = Fx {
        store: Store::create_from(&dir.path().join("q.medskapa"), &p).unwrap(),
        _dir: dir,
    };
    let at_a3 = set(&["n05", "n08", "n09", "n10", "n11", "n12"]);
    assert_eq!(ids(&fx, &text("Olympiaskolan")), at_a3);
    assert_eq!(ids(&fx, &text("olympia")), at_a3, "a prefix");
    assert_eq!(ids(&fx, &text("OLYMPIASKOLAN skolbe")), at_a3, "every word");
    assert_eq!(
        ids(&fx, &text("rosengard")),
        at_a3,
        "the place, diacritics folded"
    );
    assert_eq!(
        ids(&fx, &text("skolan")),
        set(&["n03"]),
        "a prefix, not a part"
    );
    assert_eq!(ids(&fx, &text("olympiaskolan zebra")), set(&[]));
    let both = NeedFilter {
        text: "olympiaskolan".into(),
        important_only: true,
        ..Default::default()
    };
    assert_eq!(
        ids(&fx, &both),
        set(&[]),
        "and the other filters still apply"
    );
    // A need's own text still counts as before.
    assert_eq!(ids(&fx, &text("kvällen")), set(&["n05"]));
    // The need's text is marked only where the need itself has the word.
    let page = fx.store.needs_page(&text("olympia"), 0, 10).unwrap();
    assert_eq!(page.total, 6);
    assert!(page
        .rows
        .iter()
        .all(|r| !r.statement_html.contains("<mark>")));
    // Tag counts and the matrix count the same needs.
    let counted: u32 = fx
        .store
        .tag_counts(&text("olympia"))
        .unwrap()
        .iter()
        .filter(|c| c.tag_id == "loose")
        .map(|c| c.count)
        .sum();
    assert_eq!(counted, 5, "n08–n12 are tagged loose");
}
