//! Tidslinje's commands: the chart laid out in the core, kept for the same parameters, laid
//! out again for the window's next count of changes, and dropped when the project closes.

use serde_json::{json, Value};

use super::harness;

fn params(version: u32) -> Value {
    json!({
        "version": version,
        "zoom": "year",
        "viewport_width": 1000.0,
        "today": "2026-12-04",
        "expanded": [],
        "warnings": [],
        "texts": {
            "activity_one": "1 dialog",
            "activity_many": "{n} dialoger",
            "commitment_one": "1 löfte",
            "commitment_many": "{n} löften",
            "group": "\u{a0}"
        }
    })
}

fn opening() -> Value {
    json!({ "width": 1000.0, "height": 500.0, "margin": 300.0, "target": null, "day": null, "top": null })
}

#[test]
fn the_timeline_is_laid_out_in_the_core_and_kept_until_the_window_says_the_project_changed() {
    let h = harness();
    h.call("open_demo", json!({})).expect("open_demo");

    // Widths that are not widths are refused, naming what was wrong.
    let err = h
        .call(
            "timeline_fonts",
            json!({ "fonts": { "strong": [-1.0], "normal": [], "small": [] } }),
        )
        .expect_err("a negative width");
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("label widths")),
        "{err}"
    );

    // The chart opens at today with the markers near it, and says how big it is.
    let view = h
        .call(
            "timeline_view",
            json!({ "params": params(1), "region": null, "keep": null, "open": opening() }),
        )
        .expect("timeline_view");
    assert_eq!(view["meta"]["empty"], false, "{view}");
    let scroll = &view["scroll"];
    assert!(scroll["left"].as_f64().is_some_and(|l| l > 0.0), "{view}");
    let today_x = view["meta"]["today_x"].as_f64().expect("today's line");
    let left = scroll["left"].as_f64().unwrap_or_default();
    assert!(
        today_x > left && today_x < left + 1000.0,
        "today is in view: {view}"
    );
    let items = view["items"].as_array().expect("items");
    assert!(!items.is_empty(), "markers near today: {view}");
    assert!(
        items
            .iter()
            .all(|i| i["label"].as_str().is_some_and(|l| !l.is_empty())),
        "{view}"
    );

    // A dialogue saved tomorrow: the same parameters give the layout kept; the window's next
    // count of changes gives a new one, with the dialogue on it.
    let activity = json!({
        "id": "", "title": "Sagostund på Söder", "method": "workshop", "starts_at": "2026-12-05",
        "ends_at": null, "place": "", "organisers": "", "status": "planned",
        "key_question_ids": [], "participants": [], "notes": "", "feedback": "",
        "feedback_given_on": null
    });
    let saved = h
        .call("save_activity", json!({ "activity": activity }))
        .expect("saved");
    let key = format!("activity-{}", saved["id"].as_str().expect("an id"));
    let find = |version| {
        h.call(
            "timeline_find",
            json!({ "params": params(version), "key": key }),
        )
        .expect("timeline_find")
    };
    assert_eq!(
        find(1),
        Value::Null,
        "the kept layout is the window's version 1"
    );
    let place = find(2);
    assert!(place["x"].as_f64().is_some_and(|x| x > 0.0), "{place}");

    // The arrow keys move on from it, and the list has it among the rows from today.
    let next = h
        .call(
            "timeline_step",
            json!({ "params": params(2), "key": key, "forward": true }),
        )
        .expect("timeline_step");
    assert!(next["key"].as_str().is_some_and(|k| k != key), "{next}");
    let list = h
        .call(
            "timeline_list",
            json!({ "params": params(2), "from": null, "to": null }),
        )
        .expect("timeline_list");
    let rows = list["rows"].as_array().expect("rows");
    assert!(
        rows.iter().any(|r| r["title"] == "Sagostund på Söder"),
        "{list}"
    );
    let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "by date: {dates:?}");

    // Closed, the project's layout is gone with it.
    h.call("close_project", json!({})).expect("close");
    let err = h
        .call(
            "timeline_view",
            json!({ "params": params(2), "region": null, "keep": null, "open": opening() }),
        )
        .expect_err("no project");
    assert_eq!(err["code"], "no_project", "{err}");
}
