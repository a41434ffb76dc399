//! Decisions, key questions, the ladder, activities and segments: the planning views.

use super::*;

#[tauri::command]
pub async fn check(state: State<'_, AppState>) -> Result<Vec<Warning>> {
    let (today, lang) = (state.today, state.lang());
    state.with(|s| s.planning_warnings(today, lang))
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> Result<Overview> {
    let (today, lang) = (state.today, state.lang());
    state.with(|s| overview::overview(s, today, lang))
}

#[tauri::command]
pub async fn save_decision(state: State<'_, AppState>, decision: Decision) -> Result<Decision> {
    state.with(|s| s.save_decision(&decision))
}

#[tauri::command]
pub async fn delete_decision(
    state: State<'_, AppState>,
    id: String,
    questions: QuestionsOnDelete,
) -> Result<()> {
    state.with(|s| s.delete_decision(&id, questions))
}

#[tauri::command]
pub async fn save_key_question(
    state: State<'_, AppState>,
    question: KeyQuestion,
) -> Result<KeyQuestion> {
    state.with(|s| s.save_key_question(&question))
}

#[tauri::command]
pub async fn delete_key_question(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_key_question(&id))
}

#[tauri::command]
pub async fn ladder(state: State<'_, AppState>) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.ladder())
}

#[tauri::command]
pub async fn save_ladder(
    state: State<'_, AppState>,
    levels: Vec<LadderLevel>,
) -> Result<Vec<LadderLevel>> {
    state.with(|s| s.save_ladder(&levels))
}

/// The preview of a Markdown field, its table note in the app's language.
#[tauri::command]
pub fn render_markdown(state: State<'_, AppState>, src: String) -> String {
    medskapa_core::support::markdown::to_html(&src, state.lang())
}

#[tauri::command]
pub async fn save_activity(state: State<'_, AppState>, activity: Activity) -> Result<Activity> {
    state.with(|s| s.save_activity(&activity))
}

#[tauri::command]
pub async fn delete_activity(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with(|s| s.delete_activity(&id))
}

#[tauri::command]
pub async fn duplicate_activity(state: State<'_, AppState>, id: String) -> Result<Activity> {
    let suffix = file_names::copy_suffix(state.lang());
    state.with(|s| s.duplicate_activity(&id, suffix))
}

#[tauri::command]
pub async fn save_segment(state: State<'_, AppState>, segment: Segment) -> Result<Segment> {
    state.with(|s| s.save_segment(&segment))
}

#[tauri::command]
pub async fn delete_segment(state: State<'_, AppState>, id: String, force: bool) -> Result<()> {
    state.with(|s| s.delete_segment(&id, force))
}

#[tauri::command]
pub async fn merge_segments(state: State<'_, AppState>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_segments(&from, &into))
}

#[tauri::command]
pub async fn segment_usage(state: State<'_, AppState>, id: String) -> Result<SegmentUsage> {
    state.with(|s| s.segment_usage(&id))
}

#[tauri::command]
pub async fn decision_for_edit(state: State<'_, AppState>, id: String) -> Result<Based<Decision>> {
    state.with(|s| s.decision_for_edit(&id))
}

#[tauri::command]
pub async fn save_decision_from(
    state: State<'_, AppState>,
    decision: Decision,
    base: Option<Based<Decision>>,
) -> Result<Saved<Decision>> {
    state.with(|s| s.save_decision_from(&decision, base.as_ref()))
}

#[tauri::command]
pub async fn key_question_for_edit(
    state: State<'_, AppState>,
    id: String,
) -> Result<Based<KeyQuestion>> {
    state.with(|s| s.key_question_for_edit(&id))
}

#[tauri::command]
pub async fn save_key_question_from(
    state: State<'_, AppState>,
    question: KeyQuestion,
    base: Option<Based<KeyQuestion>>,
) -> Result<Saved<KeyQuestion>> {
    state.with(|s| s.save_key_question_from(&question, base.as_ref()))
}

#[tauri::command]
pub async fn activity_for_edit(state: State<'_, AppState>, id: String) -> Result<Based<Activity>> {
    state.with(|s| s.activity_for_edit(&id))
}

#[tauri::command]
pub async fn save_activity_from(
    state: State<'_, AppState>,
    activity: Activity,
    base: Option<Based<Activity>>,
) -> Result<Saved<Activity>> {
    state.with(|s| s.save_activity_from(&activity, base.as_ref()))
}

#[tauri::command]
pub async fn segment_for_edit(state: State<'_, AppState>, id: String) -> Result<Based<Segment>> {
    state.with(|s| s.segment_for_edit(&id))
}

#[tauri::command]
pub async fn save_segment_from(
    state: State<'_, AppState>,
    segment: Segment,
    base: Option<Based<Segment>>,
) -> Result<Saved<Segment>> {
    state.with(|s| s.save_segment_from(&segment, base.as_ref()))
}
