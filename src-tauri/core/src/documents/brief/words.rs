//! Every word the brief and the feedback sheet write, in Swedish and English: the
//! fixed texts, the names of statuses, methods and ladder steps, and counted nouns.

use crate::domain::checks::{Severity, WarningCode};
use crate::domain::model::*;
use crate::support::lang::{counted, long_date_of, number, Lang};

/// The fixed texts of the brief and of the feedback sheet (`fb_*`).
pub(crate) struct Words {
    pub kind: &'static str,
    pub kind_question: &'static str,
    pub forum: &'static str,
    pub decision_date: &'static str,
    pub decision: &'static str,
    pub status: &'static str,
    pub outcome: &'static str,
    pub generated: &'static str,
    pub key_questions: &'static str,
    pub warnings_title: &'static str,
    pub summary: &'static str,
    pub no_summary: &'static str,
    pub question: &'static str,
    pub what_know: &'static str,
    pub when: &'static str,
    pub influence: &'static str,
    pub dialogue: &'static str,
    pub dialogue_planned: &'static str,
    pub none_held: &'static str,
    pub said: &'static str,
    pub insights: &'static str,
    pub we_do: &'static str,
    pub proposal: &'static str,
    pub no_proposal: &'static str,
    pub appendix: &'static str,
    pub owner: &'static str,
    pub answer: &'static str,
    pub no_description: &'static str,
    pub needed_by: &'static str,
    pub not_set: &'static str,
    pub level: &'static str,
    pub open_to: &'static str,
    pub fixed: &'static str,
    pub promise: &'static str,
    pub col_activity: &'static str,
    pub col_date: &'static str,
    pub col_method: &'static str,
    pub col_participants: &'static str,
    pub col_total: &'static str,
    pub no_activities: &'static str,
    pub not_reached: &'static str,
    pub all_reached: &'static str,
    pub chart_caption: &'static str,
    pub untagged: &'static str,
    pub examples: &'static str,
    pub no_needs: &'static str,
    pub no_insights: &'static str,
    pub col_insight: &'static str,
    pub col_response: &'static str,
    pub col_told: &'static str,
    pub told_no: &'static str,
    pub col_need: &'static str,
    pub col_quote: &'static str,
    pub col_tags: &'static str,
    pub no_related_needs: &'static str,
    pub page_label: &'static str,
    // Feedback sheet
    pub fb_title: &'static str,
    pub fb_thanks: &'static str,
    pub fb_asked: &'static str,
    pub fb_said: &'static str,
    pub fb_do: &'static str,
    pub fb_next: &'static str,
    pub fb_nothing_yet: &'static str,
    pub fb_no_next: &'static str,
    pub fb_no_needs: &'static str,
    pub fb_no_questions: &'static str,
    pub fb_decided: &'static str,
    pub fb_proposed: &'static str,
    pub fb_rejected: &'static str,
    pub fb_contact: &'static str,
    pub promised: &'static str,
    pub no_commitments: &'static str,
    pub col_commitment: &'static str,
    pub col_due: &'static str,
    pub col_done: &'static str,
    pub reached: &'static str,
    pub reach_intro: &'static str,
    pub no_segments: &'static str,
    pub no_residents: &'static str,
    pub col_segment: &'static str,
    pub col_residents: &'static str,
    pub col_people: &'static str,
    pub col_rate: &'static str,
    pub col_priority: &'static str,
    pub yes: &'static str,
    pub reach_caption: &'static str,
    pub score: &'static str,
    pub score_means: &'static str,
}

const SV: Words = Words {
    kind: "Beslutsunderlag",
    kind_question: "Beslutsunderlag – nyckelfråga",
    forum: "Forum",
    decision_date: "Beslutsdatum",
    decision: "Beslut",
    status: "Status",
    outcome: "Utfall",
    generated: "Underlag framtaget",
    key_questions: "Nyckelfrågor",
    warnings_title: "Öppna planeringsvarningar",
    summary: "Sammanfattning",
    no_summary: "Ingen sammanfattning har skrivits ännu.",
    question: "Nyckelfråga",
    what_know: "Vad behövde vi veta",
    when: "När",
    influence: "Vad kunde invånarna påverka",
    dialogue: "Genomförd dialog",
    dialogue_planned: "Planerad dialog",
    none_held: "Ingen av frågans dialogaktiviteter är genomförd ännu.",
    said: "Vad invånarna sa",
    insights: "Insikter",
    we_do: "Vi gör",
    proposal: "Förslag till beslut",
    no_proposal: "Inget förslag till beslut har skrivits ännu.",
    appendix: "Bilaga: alla behov",
    owner: "Ansvarig",
    answer: "Svar",
    no_description: "Ingen beskrivning.",
    needed_by: "Behövs senast",
    not_set: "ej angivet",
    level: "Delaktighetsnivå",
    open_to: "Öppet för påverkan",
    fixed: "Redan bestämt",
    promise: "Löfte till invånarna",
    col_activity: "Aktivitet",
    col_date: "Datum",
    col_method: "Metod",
    col_participants: "Deltagare per målgrupp",
    col_total: "Totalt",
    no_activities: "Ingen dialogaktivitet är kopplad till frågan.",
    not_reached: "Prioriterade målgrupper som inte nåddes: ",
    all_reached: "Alla prioriterade målgrupper nåddes.",
    chart_caption: "Behov per tema",
    untagged: "Utan tagg",
    examples: "Exempel på behov:",
    no_needs: "Inga behov är registrerade från aktiviteterna ännu.",
    no_insights: "Inga insikter är kopplade till frågan ännu.",
    col_insight: "Insikt",
    col_response: "Vi gör",
    col_told: "Återkopplat",
    told_no: "Nej, inte ännu",
    col_need: "Behov",
    col_quote: "Citat",
    col_tags: "Taggar",
    no_related_needs: "Inga behov hör till underlaget.",
    page_label: "Sida {n} av {m}",
    fb_title: "Ni sa – vi gör",
    fb_thanks: "Tack för att ni var med! Här berättar vi vad vi hörde och vad som händer nu.",
    fb_asked: "Det här frågade vi",
    fb_said: "Det här sa ni",
    fb_do: "Det här gör vi",
    fb_next: "Så här går det vidare",
    fb_nothing_yet: "Vi arbetar fortfarande med det ni sa. Vi berättar när vi vet mer.",
    fb_no_next: "Vi återkommer när nästa steg är bestämt.",
    fb_no_needs: "Vi sammanställer fortfarande det ni sa.",
    fb_no_questions: "Vi ville höra vad ni tycker om det nya stadsbiblioteket.",
    fb_decided: "Beslutat: ",
    fb_proposed: "Förslag: ",
    fb_rejected: "Det gör vi inte: ",
    fb_contact: "Ansvariga för dialogen: ",
    promised: "Vad vi har lovat",
    no_commitments: "Inga löften är kopplade till underlaget ännu.",
    col_commitment: "Löfte",
    col_due: "Klart senast",
    col_done: "Klart",
    reached: "Vilka nådde vi?",
    reach_intro: "Deltagarna i de genomförda dialogerna om underlagets frågor, som andel av målgruppernas invånare.",
    no_segments: "Projektet har inga målgrupper.",
    no_residents: "Inget invånarantal är angivet för målgrupperna, så andelarna kan inte räknas.",
    col_segment: "Målgrupp",
    col_residents: "Invånare",
    col_people: "Deltagare",
    col_rate: "Andel",
    col_priority: "Prioriterad",
    yes: "Ja",
    reach_caption: "Andel av invånarna som deltog, per målgrupp",
    score: "Representationstal",
    score_means: "den lägsta andelen bland prioriterade målgrupper delad med den högsta andelen (1 betyder lika väl nådda)",
};

const EN: Words = Words {
    kind: "Decision brief",
    kind_question: "Decision brief – key question",
    forum: "Forum",
    decision_date: "Decision date",
    decision: "Decision",
    status: "Status",
    outcome: "Outcome",
    generated: "Brief prepared",
    key_questions: "Key questions",
    warnings_title: "Open planning warnings",
    summary: "Summary",
    no_summary: "No summary has been written yet.",
    question: "Key question",
    what_know: "What did we need to know",
    when: "When",
    influence: "What could residents influence",
    dialogue: "Dialogue held",
    dialogue_planned: "Dialogue planned",
    none_held: "None of the question's dialogue activities has been held yet.",
    said: "What residents said",
    insights: "Insights",
    we_do: "What we do",
    proposal: "Proposed decision",
    no_proposal: "No proposed decision has been written yet.",
    appendix: "Appendix: all needs",
    owner: "Owner",
    answer: "Answer",
    no_description: "No description.",
    needed_by: "Needed by",
    not_set: "not set",
    level: "Participation level",
    open_to: "Open to influence",
    fixed: "Already fixed",
    promise: "Promise to residents",
    col_activity: "Activity",
    col_date: "Date",
    col_method: "Method",
    col_participants: "Participants by group",
    col_total: "Total",
    no_activities: "No dialogue activity is linked to this question.",
    not_reached: "Priority groups not reached: ",
    all_reached: "All priority groups were reached.",
    chart_caption: "Needs per theme",
    untagged: "Untagged",
    examples: "Examples of needs:",
    no_needs: "No needs have been recorded from the activities yet.",
    no_insights: "No insights are linked to this question yet.",
    col_insight: "Insight",
    col_response: "What we do",
    col_told: "Told back",
    told_no: "Not yet",
    col_need: "Need",
    col_quote: "Quote",
    col_tags: "Tags",
    no_related_needs: "No needs belong to this brief.",
    page_label: "Page {n} of {m}",
    fb_title: "You said – we do",
    fb_thanks: "Thank you for taking part! Here is what we heard and what happens next.",
    fb_asked: "What we asked",
    fb_said: "What you said",
    fb_do: "What we do",
    fb_next: "What happens next",
    fb_nothing_yet:
        "We are still working with what you told us. We will let you know when we know more.",
    fb_no_next: "We will get back to you when the next step is set.",
    fb_no_needs: "We are still putting together what you told us.",
    fb_no_questions: "We wanted to hear what you think about the new city library.",
    fb_decided: "Decided: ",
    fb_proposed: "Proposed: ",
    fb_rejected: "We will not do this: ",
    fb_contact: "Organised by: ",
    promised: "What we have promised",
    no_commitments: "No commitments belong to this brief yet.",
    col_commitment: "Commitment",
    col_due: "Due",
    col_done: "Done on",
    reached: "Whom did we reach?",
    reach_intro: "The participants in the dialogues held on this brief's questions, as a share of each group's residents.",
    no_segments: "The project has no groups.",
    no_residents: "No group has a number of residents, so the rates cannot be worked out.",
    col_segment: "Group",
    col_residents: "Residents",
    col_people: "Participants",
    col_rate: "Rate",
    col_priority: "Priority",
    yes: "Yes",
    reach_caption: "Share of residents who took part, by group",
    score: "Representation score",
    score_means: "the lowest rate among priority groups divided by the highest rate (1 means reached equally well)",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// A stored date (or date-time) in long style; the raw text when it does not parse.
pub(super) fn show_date(lang: Lang, s: Option<&str>) -> String {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => words(lang).not_set.to_string(),
        Some(s) => long_date_of(lang, s),
    }
}

pub(super) use crate::domain::words::method_name;

/// Name of a step on the participation ladder and what it means, in one line.
pub fn influence_text(lang: Lang, l: InfluenceLevel) -> (&'static str, &'static str) {
    match (lang, l) {
        (Lang::Sv, InfluenceLevel::Inform) => (
            "Information",
            "invånarna får veta vad som händer och varför, men kan inte påverka beslutet.",
        ),
        (Lang::Sv, InfluenceLevel::Consult) => (
            "Konsultation",
            "invånarna tycker till om förslag, och synpunkterna vägs in i beslutet.",
        ),
        (Lang::Sv, InfluenceLevel::Dialogue) => (
            "Dialog",
            "invånare och projekt samtalar och utvecklar frågan tillsammans.",
        ),
        (Lang::Sv, InfluenceLevel::Influence) => (
            "Inflytande",
            "invånarna är med och tar fram de förslag som beslutet bygger på.",
        ),
        (Lang::Sv, InfluenceLevel::Codetermine) => (
            "Medbestämmande",
            "invånarna är med och fattar beslutet, helt eller delvis.",
        ),
        (Lang::En, InfluenceLevel::Inform) => (
            "Information",
            "residents are told what happens and why, but cannot change the decision.",
        ),
        (Lang::En, InfluenceLevel::Consult) => (
            "Consultation",
            "residents comment on proposals, and their views are weighed in the decision.",
        ),
        (Lang::En, InfluenceLevel::Dialogue) => (
            "Dialogue",
            "residents and the project discuss and develop the question together.",
        ),
        (Lang::En, InfluenceLevel::Influence) => (
            "Influence",
            "residents help develop the proposals the decision is based on.",
        ),
        (Lang::En, InfluenceLevel::Codetermine) => (
            "Co-decision",
            "residents take part in making the decision, in whole or in part.",
        ),
    }
}

pub(super) fn question_status(lang: Lang, s: QuestionStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, QuestionStatus::Open) => "Öppen",
        (Lang::Sv, QuestionStatus::InProgress) => "Pågår",
        (Lang::Sv, QuestionStatus::Answered) => "Besvarad",
        (Lang::En, QuestionStatus::Open) => "Open",
        (Lang::En, QuestionStatus::InProgress) => "In progress",
        (Lang::En, QuestionStatus::Answered) => "Answered",
    }
}

pub(super) fn decision_status(lang: Lang, s: DecisionStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, DecisionStatus::Planned) => "Planerat",
        (Lang::Sv, DecisionStatus::Decided) => "Fattat",
        (Lang::En, DecisionStatus::Planned) => "Planned",
        (Lang::En, DecisionStatus::Decided) => "Decided",
    }
}

pub(super) fn response_status(lang: Lang, s: ResponseStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, ResponseStatus::None) => "Inget svar ännu",
        (Lang::Sv, ResponseStatus::Proposed) => "Föreslås",
        (Lang::Sv, ResponseStatus::Adopted) => "Beslutat",
        (Lang::Sv, ResponseStatus::Rejected) => "Avslaget",
        (Lang::En, ResponseStatus::None) => "No response yet",
        (Lang::En, ResponseStatus::Proposed) => "Proposed",
        (Lang::En, ResponseStatus::Adopted) => "Adopted",
        (Lang::En, ResponseStatus::Rejected) => "Rejected",
    }
}

/// A commitment's status in words.
pub(crate) fn commitment_status(lang: Lang, s: CommitmentStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, CommitmentStatus::Planned) => "Planerad",
        (Lang::Sv, CommitmentStatus::InProgress) => "Pågår",
        (Lang::Sv, CommitmentStatus::Done) => "Klar",
        (Lang::Sv, CommitmentStatus::Dropped) => "Struken",
        (Lang::En, CommitmentStatus::Planned) => "Planned",
        (Lang::En, CommitmentStatus::InProgress) => "In progress",
        (Lang::En, CommitmentStatus::Done) => "Done",
        (Lang::En, CommitmentStatus::Dropped) => "Dropped",
    }
}

pub(super) fn severity_label(lang: Lang, s: Severity) -> &'static str {
    match (lang, s) {
        (Lang::Sv, Severity::Error) => "Fel",
        (Lang::Sv, Severity::Warning) => "Varning",
        (Lang::Sv, Severity::Info) => "Info",
        (Lang::En, Severity::Error) => "Error",
        (Lang::En, Severity::Warning) => "Warning",
        (Lang::En, Severity::Info) => "Note",
    }
}

/// What a planning warning is about, in a few words: the warnings box shows this, never
/// the warning's code.
pub(super) fn warning_topic(lang: Lang, code: WarningCode) -> &'static str {
    use WarningCode::*;
    match code {
        QuestionAfterDecision => lang.pick(
            "Svaret behövs efter beslutet",
            "The answer is needed after the decision",
        ),
        QuestionWithoutActivity => {
            lang.pick("Ingen dialog hinner ge svar", "No dialogue answers in time")
        }
        ActivityAfterDeadline => lang.pick(
            "Dialogen ligger efter deadline",
            "The dialogue is after the deadline",
        ),
        DialogueOnClosedQuestion => lang.pick(
            "Dialog om en fråga som inte är öppen för påverkan",
            "Dialogue on a question not open to influence",
        ),
        FeedbackOverdue => lang.pick("Återkopplingen är försenad", "Feedback is overdue"),
        SegmentUnheard => lang.pick(
            "Prioriterad målgrupp har inte hörts",
            "Priority group not heard",
        ),
        DecisionUnprepared => lang.pick(
            "Beslutet närmar sig med obesvarade frågor",
            "Decision approaching with open questions",
        ),
        InsightWithoutResponse => lang.pick(
            "Insikt utan svar inför beslut",
            "Insight without a response before a decision",
        ),
        UntaggedNeeds => lang.pick("Behov saknar taggar", "Needs without tags"),
        PersonalData => lang.pick(
            "Personuppgifter i invånarnas ord",
            "Personal data in residents' words",
        ),
        CommitmentOverdue => lang.pick("Löftet är försenat", "Commitment overdue"),
        CommitmentNotReported => lang.pick(
            "Invånarna har inte fått veta att löftet är klart",
            "Residents not told the commitment is done",
        ),
        RejectedWithoutReason => lang.pick("Nej utan skäl", "Refused without a reason"),
        LadderMismatch => lang.pick(
            "Metoderna räcker inte för delaktighetsnivån",
            "Methods too weak for the participation level",
        ),
        UnderrepresentedSegment => lang.pick(
            "Prioriterad målgrupp är underrepresenterad",
            "Priority group underrepresented",
        ),
    }
}

/// The bold lead of a warning in the box: its severity and what it is about,
/// "Varning – Återkopplingen är försenad".
pub(super) fn warning_label(lang: Lang, severity: Severity, code: WarningCode) -> String {
    format!(
        "{} – {}",
        severity_label(lang, severity),
        warning_topic(lang, code)
    )
}

/// A count as the language groups it: "6 015" (no-break space) or "6,015".
fn count(lang: Lang, n: usize) -> String {
    number(lang, n as u64)
}

pub(super) fn count_needs(lang: Lang, n: usize) -> String {
    counted(lang, n as u64, ["behov", "behov"], ["need", "needs"])
}

pub(super) fn count_activities(lang: Lang, n: usize) -> String {
    counted(
        lang,
        n as u64,
        ["aktivitet", "aktiviteter"],
        ["activity", "activities"],
    )
}

/// The column heads of the table that carries the needs-per-theme chart on the web.
pub(super) fn chart_columns(lang: Lang) -> [&'static str; 2] {
    lang.pick(["Tema", "Antal behov"], ["Theme", "Number of needs"])
}

pub(crate) fn and_more(lang: Lang, n: usize) -> String {
    let c = count(lang, n);
    match lang {
        Lang::Sv => format!("… och {c} till"),
        Lang::En => format!("… and {c} more"),
    }
}

/// The line that opens the warnings box: how many warnings, and to review them.
pub(super) fn warnings_intro(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (_, 0) => String::new(),
        (Lang::Sv, 1) => {
            "Det finns en öppen planeringsvarning för det här underlaget. Se över den innan beslutet fattas.".into()
        }
        (Lang::Sv, n) => format!(
            "Det finns {} öppna planeringsvarningar för det här underlaget. Se över dem innan beslutet fattas.",
            count(lang, n)
        ),
        (Lang::En, 1) => {
            "There is one open planning warning for this brief. Review it before the decision is taken.".into()
        }
        (Lang::En, n) => format!(
            "There are {} open planning warnings for this brief. Review them before the decision is taken.",
            count(lang, n)
        ),
    }
}

/// A quotation with the language's quotation marks (”…” in Swedish, “…” in English).
pub(crate) fn quoted(lang: Lang, q: &str) -> String {
    let q = q
        .trim()
        .trim_matches(|c| c == '"' || c == '”' || c == '“' || c == '»' || c == '«');
    match lang {
        Lang::Sv => format!("”{q}”"),
        Lang::En => format!("“{q}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::lang::long_date;
    use chrono::NaiveDate;

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::from_code("sv"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn swedish_long_dates() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap_or_default();
        assert_eq!(long_date(Lang::Sv, d), "15 mars 2027");
        assert_eq!(long_date(Lang::En, d), "15 March 2027");
        assert_eq!(
            show_date(Lang::Sv, Some("2027-01-10T14:00")),
            "10 januari 2027"
        );
        assert_eq!(show_date(Lang::Sv, None), "ej angivet");
    }

    #[test]
    fn counts_group_thousands_by_language() {
        assert_eq!(count_needs(Lang::Sv, 6015), "6\u{a0}015 behov");
        assert_eq!(count_needs(Lang::En, 6015), "6,015 needs");
        assert_eq!(count_needs(Lang::En, 1), "1 need");
        assert_eq!(count_activities(Lang::Sv, 1200), "1\u{a0}200 aktiviteter");
        assert_eq!(count_activities(Lang::En, 999), "999 activities");
        assert_eq!(and_more(Lang::Sv, 2500), "… och 2\u{a0}500 till");
        assert_eq!(and_more(Lang::En, 2500), "… and 2,500 more");
        assert_eq!(count_activities(Lang::Sv, 1), "1 aktivitet");
        assert_eq!(count_activities(Lang::En, 1), "1 activity");
        assert_eq!(count_activities(Lang::En, 0), "0 activities");
    }

    #[test]
    fn warning_labels_are_words_not_codes() {
        for code in WarningCode::ALL {
            for lang in [Lang::Sv, Lang::En] {
                let label = warning_label(lang, Severity::Warning, *code);
                assert!(!label.contains('_'), "{label}");
                assert!(!label.contains(code.as_str()), "{label}");
            }
        }
        assert_eq!(
            warning_label(Lang::Sv, Severity::Warning, WarningCode::FeedbackOverdue),
            "Varning – Återkopplingen är försenad"
        );
        assert_eq!(
            warning_label(
                Lang::En,
                Severity::Error,
                WarningCode::QuestionAfterDecision
            ),
            "Error – The answer is needed after the decision"
        );
    }
}
