//! Needs, the codebook and insights: the needs workspace, with undo.

use super::*;

#[tauri::command]
pub async fn save_tag(state: Here<'_>, tag: Tag) -> Result<Tag> {
    state.with(|s| s.save_tag(&tag))
}

#[tauri::command]
pub async fn delete_tag(state: Here<'_>, id: String) -> Result<()> {
    state.with(|s| s.delete_tag(&id))
}

#[tauri::command]
pub async fn merge_tags(state: Here<'_>, from: String, into: String) -> Result<()> {
    state.with(|s| s.merge_tags(&from, &into))
}

#[tauri::command]
pub async fn tag_usage(state: Here<'_>, id: String) -> Result<u32> {
    state.with(|s| s.tag_usage(&id))
}

#[tauri::command]
pub async fn needs_page(
    state: Here<'_>,
    filter: NeedFilter,
    offset: u32,
    limit: u32,
) -> Result<NeedsPage> {
    // Ranked by meaning too when the filter asks and the language model is installed.
    let ai = state.ai();
    state.with(|s| match &ai {
        Some(ai) => ai.ai.needs_page(s, &filter, offset, limit),
        None => s.needs_page(&filter, offset, limit),
    })
}

#[tauri::command]
pub async fn tag_counts(state: Here<'_>, filter: NeedFilter) -> Result<Vec<TagCount>> {
    state.with(|s| s.tag_counts(&filter))
}

#[tauri::command]
pub async fn save_need(state: Here<'_>, need: Need) -> Result<Need> {
    let saved = state.with(|s| s.save_need(&need))?;
    super::ai::poke(&state);
    Ok(saved)
}

#[tauri::command]
pub async fn delete_needs(state: Here<'_>, ids: Vec<String>) -> Result<usize> {
    state.with(|s| s.delete_needs(&ids))
}

#[tauri::command]
pub async fn tag_needs(
    state: Here<'_>,
    ids: Vec<String>,
    tag_id: String,
    add: bool,
) -> Result<usize> {
    state.with(|s| s.tag_needs(&ids, &tag_id, add))
}

#[tauri::command]
pub async fn save_insight(state: Here<'_>, insight: Insight) -> Result<Insight> {
    state.with(|s| s.save_insight(&insight))
}

#[tauri::command]
pub async fn delete_insight(state: Here<'_>, id: String) -> Result<()> {
    state.with(|s| s.delete_insight(&id))
}

#[tauri::command]
pub async fn tag_segment_matrix(state: Here<'_>, filter: NeedFilter) -> Result<Vec<MatrixCell>> {
    state.with(|s| s.tag_segment_matrix(&filter))
}

#[tauri::command]
pub async fn needs_by_ids(state: Here<'_>, ids: Vec<String>) -> Result<Vec<NeedRow>> {
    state.with(|s| s.needs_by_ids(&ids))
}

#[tauri::command]
pub async fn undo(state: Here<'_>) -> Result<Option<UndoResult>> {
    state.with(|s| s.undo())
}

#[tauri::command]
pub async fn peek_undo(state: Here<'_>) -> Result<Option<UndoResult>> {
    state.with(|s| Ok(s.peek_undo()))
}

#[tauri::command]
pub async fn need_for_edit(state: Here<'_>, id: String) -> Result<Based<Need>> {
    state.with(|s| s.need_for_edit(&id))
}

#[tauri::command]
pub async fn save_need_from(
    state: Here<'_>,
    need: Need,
    base: Option<Based<Need>>,
) -> Result<Saved<Need>> {
    let saved = state.with(|s| s.save_need_from(&need, base.as_ref()))?;
    super::ai::poke(&state);
    Ok(saved)
}

#[tauri::command]
pub async fn insight_for_edit(state: Here<'_>, id: String) -> Result<Based<Insight>> {
    state.with(|s| s.insight_for_edit(&id))
}

#[tauri::command]
pub async fn save_insight_from(
    state: Here<'_>,
    insight: Insight,
    base: Option<Based<Insight>>,
) -> Result<Saved<Insight>> {
    state.with(|s| s.save_insight_from(&insight, base.as_ref()))
}

#[tauri::command]
pub async fn tag_for_edit(state: Here<'_>, id: String) -> Result<Based<Tag>> {
    state.with(|s| s.tag_for_edit(&id))
}

#[tauri::command]
pub async fn save_tag_from(
    state: Here<'_>,
    tag: Tag,
    base: Option<Based<Tag>>,
) -> Result<Saved<Tag>> {
    state.with(|s| s.save_tag_from(&tag, base.as_ref()))
}
