//! Decisions, key questions, the ladder, activities and segments: the planning views.

use super::*;

#[tauri::command]
pub async fn check(state: Here<'_>) -> Result<Vec<Warning>> {
    let (today, lang) = (state.today, state.lang());
    state.with(|s| s.planning_warnings(today, lang))
}

#[tauri::command]
pub async fn overview(state: Here<'_>) -> Result<Overview> {
    let today = state.today;
    state.with(|s| overview::overview(s, today))
}

/// Whom the dialogues behind a decision (or, without one, a key question) reached.
#[tauri::command]
pub async fn representation(
    state: Here<'_>,
    decision_id: Option<String>,
    key_question_id: Option<String>,
) -> Result<Reach> {
    let target = match (decision_id, key_question_id) {
        (Some(d), _) => BriefTarget::Decision(d),
        (None, Some(q)) => BriefTarget::Question(q),
        (None, None) => {
            return Err(CoreError::of(
                ErrorCode::Invalid,
                "representation",
                "give a decision or a key question".to_string(),
            ))
        }
    };
    state.with(|s| medskapa_core::app::briefs::reach(s, &target))
}

/// Who the held dialogues reached (Dialoger's Räckvidd tab): the table with the columns from
/// `from` in view (the latest when none), and every total.
#[tauri::command]
pub async fn reach_page(state: Here<'_>, from: Option<u32>) -> Result<ReachPage> {
    state.with(|s| s.reach_page(from))
}

/// A part of Dialoger's list (see [`Store::activities_page`]).
#[tauri::command]
pub async fn activities_page(
    state: Here<'_>,
    filter: ActivityFilter,
    offset: u32,
    limit: u32,
    show: Option<String>,
) -> Result<ActivitiesPage> {
    state.with(|s| s.activities_page(&filter, offset, limit, show.as_deref()))
}

/// The rows of the activities with these ids, in the order asked (the deleted left out).
#[tauri::command]
pub async fn activities_by_ids(state: Here<'_>, ids: Vec<String>) -> Result<Vec<ActivityRow>> {
    state.with(|s| s.activities_by_ids(&ids))
}

#[tauri::command]
pub async fn save_decision(state: Here<'_>, decision: Decision) -> Result<Decision> {
    state.with(|s| s.save_decision(&decision))
}

#[tauri::command]
pub async fn delete_decision(
    state: Here<'_>,
    id: String,
    questions: QuestionsOnDelete,
) -> Result<()> {
    state.with(|s| s.delete_decision(&id, questions))
}

#[tauri::command]
pub async fn save_key_question(state: Here<'_>, question: KeyQuestion) -> Result<KeyQuestion> {
    state.with(|s| s.save_key_question(&question))
}

#[tauri::command]
pub async fn delete_key_question(state: Here<'_>, id: String) -> Result<()> {
    state.with(|s| s.delete_key_question(&id))
}

#[tauri::command]
pub async fn ladder(state: Here<'_>) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.ladder())
}

#[tauri::command]
pub async fn save_ladder(state: Here<'_>, levels: Vec<LadderLevel>) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.save_ladder(&levels))
}

/// The preview of a Markdown field, its table note in the app's language.
#[tauri::command]
pub fn render_markdown(state: Here<'_>, src: String) -> String {
    medskapa_core::support::markdown::to_html(&src, state.lang())
}

#[tauri::command]
pub async fn save_activity(state: Here<'_>, activity: Activity) -> Result<Activity> {
    state.with(|s| s.save_activity(&activity))
}

#[tauri::command]
pub async fn delete_activity(state: Here<'_>, id: String) -> Result<()> {
    state.with(|s| s.delete_activity(&id))
}

/// The activities a type-ahead picker offers for `text` (nearest in time first).
#[tauri::command]
pub async fn find_activities(state: Here<'_>, text: String, limit: u32) -> Result<ActivityChoices> {
    let today = state.today;
    state.with(|s| s.find_activities(&text, limit.min(MAX_CHOICES), today))
}

/// The activity `id` as a picker shows it (none when it is gone).
#[tauri::command]
pub async fn activity_choice(state: Here<'_>, id: String) -> Result<Option<ActivityChoice>> {
    state.with(|s| s.activity_choice(&id))
}

/// The key questions a type-ahead picker offers for `text` (needed soonest first).
#[tauri::command]
pub async fn find_questions(state: Here<'_>, text: String, limit: u32) -> Result<QuestionChoices> {
    state.with(|s| s.find_questions(&text, limit.min(MAX_CHOICES)))
}

/// The key question `id` as a picker shows it (none when it is gone).
#[tauri::command]
pub async fn question_choice(state: Here<'_>, id: String) -> Result<Option<QuestionChoice>> {
    state.with(|s| s.question_choice(&id))
}

/// The most choices a picker asks for at once.
const MAX_CHOICES: u32 = 200;

#[tauri::command]
pub async fn duplicate_activity(state: Here<'_>, id: String) -> Result<Activity> {
    let suffix = file_names::copy_suffix(state.lang());
    state.with(|s| s.duplicate_activity(&id, suffix))
}

#[tauri::command]
pub async fn save_segment(state: Here<'_>, segment: Segment) -> Result<Segment> {
    state.with(|s| s.save_segment(&segment))
}

#[tauri::command]
pub async fn delete_segment(state: Here<'_>, id: String, force: bool) -> Result<()> {
    state.with(|s| s.delete_segment(&id, force))
}

#[tauri::command]
pub async fn merge_segments(state: Here<'_>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_segments(&from, &into))
}

#[tauri::command]
pub async fn segment_usage(state: Here<'_>, id: String) -> Result<SegmentUsage> {
    state.with(|s| s.segment_usage(&id))
}

#[tauri::command]
pub async fn segment_uses(state: Here<'_>) -> Result<Vec<SegmentUse>> {
    state.with(|s| s.segment_uses())
}

#[tauri::command]
pub async fn decision_for_edit(state: Here<'_>, id: String) -> Result<Based<Decision>> {
    state.with(|s| s.decision_for_edit(&id))
}

#[tauri::command]
pub async fn save_decision_from(
    state: Here<'_>,
    decision: Decision,
    base: Option<Based<Decision>>,
) -> Result<Saved<Decision>> {
    state.with(|s| s.save_decision_from(&decision, base.as_ref()))
}

#[tauri::command]
pub async fn key_question_for_edit(state: Here<'_>, id: String) -> Result<Based<KeyQuestion>> {
    state.with(|s| s.key_question_for_edit(&id))
}

#[tauri::command]
pub async fn save_key_question_from(
    state: Here<'_>,
    question: KeyQuestion,
    base: Option<Based<KeyQuestion>>,
) -> Result<Saved<KeyQuestion>> {
    state.with(|s| s.save_key_question_from(&question, base.as_ref()))
}

#[tauri::command]
pub async fn activity_for_edit(state: Here<'_>, id: String) -> Result<Based<Activity>> {
    state.with(|s| s.activity_for_edit(&id))
}

#[tauri::command]
pub async fn save_activity_from(
    state: Here<'_>,
    activity: Activity,
    base: Option<Based<Activity>>,
) -> Result<Saved<Activity>> {
    state.with(|s| s.save_activity_from(&activity, base.as_ref()))
}

#[tauri::command]
pub async fn segment_for_edit(state: Here<'_>, id: String) -> Result<Based<Segment>> {
    state.with(|s| s.segment_for_edit(&id))
}

#[tauri::command]
pub async fn save_segment_from(
    state: Here<'_>,
    segment: Segment,
    base: Option<Based<Segment>>,
) -> Result<Saved<Segment>> {
    state.with(|s| s.save_segment_from(&segment, base.as_ref()))
}
