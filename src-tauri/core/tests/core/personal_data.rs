//! The personal data detector: identity numbers, e-mail addresses and phone numbers found
//! where they are, and never shown whole.

use medskapa_core::domain::personal_data::{masked, scan, FindingKind};

/// The kinds and values found in `text`.
fn found(text: &str) -> Vec<(FindingKind, &str)> {
    scan(text)
        .into_iter()
        .map(|f| (f.kind, &text[f.start..f.end]))
        .collect()
}

fn masks(text: &str) -> Vec<String> {
    scan(text).iter().map(|f| masked(text, f)).collect()
}

use FindingKind::{Email, IdentityNumber, Phone};

#[test]
fn identity_numbers_in_every_written_form_are_found() {
    for text in [
        "850709-9805",
        "8507099805",
        "19850709-9805",
        "198507099805",
        "121212+1212",
    ] {
        assert_eq!(found(text), vec![(IdentityNumber, text)], "{text}");
    }
}

#[test]
fn a_samordningsnummer_has_its_day_plus_sixty() {
    assert_eq!(found("701063-2391"), vec![(IdentityNumber, "701063-2391")]);
}

#[test]
fn an_identity_number_inside_a_sentence_is_found() {
    let text = "mitt nr är 850709-9805, ring";
    assert_eq!(found(text), vec![(IdentityNumber, "850709-9805")]);
}

#[test]
fn a_wrong_checksum_is_not_an_identity_number() {
    for text in ["850709-9806", "8507099806", "19850709-9806"] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn ten_digits_without_a_date_are_not_an_identity_number() {
    // Valid checksums, impossible dates: month 13, day 00, day 45.
    for ten in ["8513099805", "8507009805", "8507459805"] {
        assert!(
            !found(ten).iter().any(|(k, _)| *k == IdentityNumber),
            "{ten}"
        );
    }
    assert!(found("1234567890").is_empty());
}

#[test]
fn an_identity_number_inside_a_longer_run_of_digits_is_not_one() {
    for text in [
        "order 1234567890123",
        "ordernr 98507099805",
        "ref 8507099805123",
        "1850709-9805",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn email_addresses_are_found_and_handles_are_not() {
    assert_eq!(
        found("skriv till åsa.öberg@example.se."),
        vec![(Email, "åsa.öberg@example.se")]
    );
    assert_eq!(
        found("kim@bibliotek.helsingborg.se"),
        vec![(Email, "kim@bibliotek.helsingborg.se")]
    );
    for text in ["följ @biblioteket", "kim@localhost", "a @ b.se", "x@y.1"] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn swedish_phone_numbers_are_found() {
    for phone in [
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "042-10 50 00",
        "08-123 456 78",
        "0046 8 123 456 78",
    ] {
        let text = format!("ring mig på {phone}, tack");
        assert_eq!(found(&text), vec![(Phone, phone)], "{text}");
    }
}

#[test]
fn dates_years_and_counts_are_not_phone_numbers() {
    for text in [
        "träffen 2027-03-14 kl 18",
        "sedan 2019 och 2027",
        "120 personer kom, 35 av dem unga",
        "öppet 10-18 alla dagar",
        "0 till 5 år",
        "postnummer 252 25",
        "1 250 000 kronor",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn an_identity_number_is_not_also_a_phone_number() {
    assert_eq!(found("8507099805"), vec![(IdentityNumber, "8507099805")]);
}

#[test]
fn several_findings_come_in_the_order_they_appear() {
    let text = "a@b.se eller 070-123 45 67 eller 850709-9805";
    let kinds: Vec<FindingKind> = found(text).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, vec![Email, Phone, IdentityNumber]);
}

#[test]
fn masks_show_a_part_and_never_the_whole_value() {
    assert_eq!(masks("850709-9805"), vec!["850709-****"]);
    assert_eq!(masks("198507099805"), vec!["19850709****"]);
    assert_eq!(masks("anna@example.se"), vec!["a***@example.se"]);
    assert_eq!(masks("070-123 45 67"), vec!["070-*** ** 67"]);
    assert_eq!(masks("+46 70 123 45 67"), vec!["+46 ** *** ** 67"]);
    assert_eq!(masks("0701234567"), vec!["070*****67"]);
    for text in [
        "850709-9805",
        "19850709-9805",
        "701063-2391",
        "anna@example.se",
        "a@b.se",
        "070-123 45 67",
        "08-123 456 78",
        "0701234567",
        "+46701234567",
    ] {
        let f = scan(text);
        assert_eq!(f.len(), 1, "{text}");
        let m = masked(text, &f[0]);
        assert!(!m.contains(text), "{text} shown whole: {m}");
        assert!(m.contains('*'), "{text}: {m}");
    }
}

// ---- the `personal_data` planning rule --------------------------------------------------

mod rule {
    use chrono::NaiveDate;
    use medskapa_core::domain::checks::{check, Severity, Subject, Warning, WarningCode};
    use medskapa_core::domain::model::*;
    use medskapa_core::store::Store;
    use medskapa_core::support::lang::Lang;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    }

    fn project(needs: &[(&str, &str, &str)], notes: &str, feedback: &str) -> Project {
        let mut p = Project::default();
        p.project.name = "Test".into();
        p.activities.push(Activity {
            id: "a1".into(),
            title: "Pop-up i Stadsparken".into(),
            notes: notes.into(),
            feedback: feedback.into(),
            ..Default::default()
        });
        for (id, statement, quote) in needs {
            p.needs.push(Need {
                id: (*id).into(),
                statement: (*statement).into(),
                quote: (*quote).into(),
                activity_id: Some("a1".into()),
                tag_ids: vec!["t".into()],
                ..Default::default()
            });
        }
        p.tags.push(Tag {
            id: "t".into(),
            name: "Tema".into(),
            ..Default::default()
        });
        p
    }

    fn personal(p: &Project, lang: Lang) -> Vec<Warning> {
        check(p, today(), lang)
            .into_iter()
            .filter(|w| w.code == WarningCode::PersonalData)
            .collect()
    }

    #[test]
    fn a_quote_with_an_identity_number_is_an_error_naming_the_field_and_not_the_number() {
        let p = project(
            &[("n1", "Längre öppettider", "mitt nr är 850709-9805, ring")],
            "",
            "",
        );
        let ws = personal(&p, Lang::Sv);
        assert_eq!(ws.len(), 1, "{ws:?}");
        assert_eq!(ws[0].severity, Severity::Error);
        assert_eq!(ws[0].subject, Subject::Need);
        assert_eq!(ws[0].id, "n1");
        assert_eq!(
            ws[0].message,
            "Citatet innehåller ett personnummer (850709-****)."
        );
        let en = personal(&p, Lang::En);
        assert_eq!(
            en[0].message,
            "The quote holds a personal identity number (850709-****)."
        );
        let json = serde_json::to_string(&ws[0]).unwrap();
        assert!(json.contains("\"personal_data\"") && json.contains("\"need\""));
        assert!(!json.contains("9805"), "{json}");
    }

    #[test]
    fn one_warning_per_item_and_field() {
        let p = project(
            &[(
                "n1",
                "Ring 070-123 45 67 eller 08-123 456 78",
                "a@example.se",
            )],
            "Kontakt: kim@example.se",
            "Vi svarar på 042-10 50 00",
        );
        let ws = personal(&p, Lang::Sv);
        let places: Vec<(&str, &str)> = ws
            .iter()
            .map(|w| (w.id.as_str(), w.message.split(' ').next().unwrap()))
            .collect();
        assert_eq!(
            places,
            vec![
                ("a1", "Anteckningarna"),
                ("a1", "Återkopplingen"),
                ("n1", "Behovet"),
                ("n1", "Citatet"),
            ]
        );
        assert!(
            ws[0].message.contains("”Pop-up i Stadsparken”"),
            "{}",
            ws[0].message
        );
        assert!(
            ws[0].message.contains("k***@example.se"),
            "{}",
            ws[0].message
        );
        assert!(ws[2].message.contains("070-*** ** 67"), "{}", ws[2].message);
    }

    #[test]
    fn a_commitment_description_with_a_phone_number_is_an_error_about_the_commitment() {
        let mut p = project(&[], "", "");
        p.commitments.push(Commitment {
            id: "c1".into(),
            title: "Fler sittplatser".into(),
            description: "Kontakt: 08-123 456 78".into(),
            ..Default::default()
        });
        let ws = personal(&p, Lang::Sv);
        assert_eq!(ws.len(), 1, "{ws:?}");
        assert_eq!(ws[0].subject, Subject::Commitment);
        assert_eq!(ws[0].id, "c1");
        assert_eq!(
            ws[0].message,
            "Beskrivningen av löftet ”Fler sittplatser” innehåller ett telefonnummer (08-*** *** 78)."
        );
        p.commitments[0].description = "Klart till hösten 2027".into();
        assert!(personal(&p, Lang::Sv).is_empty());
    }

    #[test]
    fn the_rule_is_silent_once_the_text_is_fixed() {
        let p = project(
            &[(
                "n1",
                "Längre öppettider 2027",
                "Vi var 120 personer den 2027-03-14",
            )],
            "Öppet 10-18, följ @biblioteket",
            "",
        );
        assert!(personal(&p, Lang::Sv).is_empty());
        let p = project(&[("n1", "Längre öppettider", "850709-9806")], "", "");
        assert!(personal(&p, Lang::Sv).is_empty(), "a wrong checksum");
    }

    #[test]
    fn the_store_finds_the_same_personal_data_without_loading_the_needs() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(
            &[
                ("n3", "Bra", "ring 0701234567"),
                ("n1", "Mejla åsa@example.se", ""),
                ("n2", "Inget här 2027", "120 personer"),
            ],
            "850709-9805",
            "",
        );
        let store = Store::create_from(&dir.path().join("p.medskapa"), &p).unwrap();
        let from_store = store.planning_warnings(today(), Lang::Sv).unwrap();
        let full = store.load_project().unwrap();
        assert_eq!(from_store, check(&full, today(), Lang::Sv));
        let ids: Vec<&str> = from_store
            .iter()
            .filter(|w| w.code == WarningCode::PersonalData)
            .map(|w| w.id.as_str())
            .collect();
        assert_eq!(ids, vec!["a1", "n1", "n3"]);
    }
}

// ---- the same on a shared project -------------------------------------------------------

mod shared {
    use chrono::NaiveDate;
    use medskapa_core::app::personal_data::{in_project, ExportScope};
    use medskapa_core::domain::checks::WarningCode;
    use medskapa_core::store::Store;
    use medskapa_core::support::lang::Lang;
    use medskapa_core::testing;

    #[test]
    fn pg_a_shared_project_finds_the_same_personal_data_as_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = crate::support::demo_project();
        let texts = [
            ("mitt nr är 850709-9805", ""),
            ("Mejla åsa@example.se", "ring 070-123 45 67"),
            ("Inget här 2027", "120 personer"),
        ];
        for (n, (statement, quote)) in p.needs.iter_mut().zip(texts) {
            n.statement = statement.into();
            n.quote = quote.into();
        }
        let file = Store::create_from(&dir.path().join("p.medskapa"), &p).unwrap();
        let server = testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server: {e}"));
        let url = server.database("personal").unwrap();
        Store::share(&file.load_project().unwrap(), &url, None).unwrap();
        let pg = Store::open_server(&url, None).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let from_file = file.planning_warnings(today, Lang::Sv).unwrap();
        assert_eq!(from_file, pg.planning_warnings(today, Lang::Sv).unwrap());
        let personal = from_file
            .iter()
            .filter(|w| w.code == WarningCode::PersonalData)
            .count();
        assert_eq!(personal, 3, "{from_file:?}");
        assert_eq!(in_project(&file).unwrap(), in_project(&pg).unwrap());
        let scope = ExportScope::Json;
        assert_eq!(
            medskapa_core::app::personal_data::in_export(&pg, &scope)
                .unwrap()
                .len(),
            3
        );
    }
}
