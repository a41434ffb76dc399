//! Commitments: what the project has promised residents, followed up after the decision.

use medskapa_core::domain::model::set_commitment_status as with_status;
use medskapa_core::store::commitments::FollowUpRow;

use super::*;

/// The commitments as the follow-up view lists them: overdue first, then by due date.
#[tauri::command]
pub async fn list_commitments(state: Here<'_>) -> Result<Vec<FollowUpRow>> {
    let today = state.today;
    state.with(|s| s.commitments_overview(today))
}

#[tauri::command]
pub async fn commitment_for_edit(state: Here<'_>, id: String) -> Result<Based<Commitment>> {
    state.with(|s| s.commitment_for_edit(&id))
}

#[tauri::command]
pub async fn save_commitment(state: Here<'_>, commitment: Commitment) -> Result<Commitment> {
    state.with(|s| s.save_commitment(&commitment))
}

#[tauri::command]
pub async fn save_commitment_from(
    state: Here<'_>,
    commitment: Commitment,
    base: Option<Based<Commitment>>,
) -> Result<Saved<Commitment>> {
    state.with(|s| s.save_commitment_from(&commitment, base.as_ref()))
}

#[tauri::command]
pub async fn delete_commitment(state: Here<'_>, id: String) -> Result<()> {
    state.with(|s| s.delete_commitment(&id))
}

/// Set a commitment's status on `on` (today when not given), with a note: an event added
/// to its history, merged with what others saved meanwhile.
#[tauri::command]
pub async fn set_commitment_status(
    state: Here<'_>,
    id: String,
    status: CommitmentStatus,
    on: Option<String>,
    note: String,
) -> Result<Saved<Commitment>> {
    let on = on.unwrap_or_else(|| state.today.format("%Y-%m-%d").to_string());
    state.with(|s| {
        let base = s.commitment_for_edit(&id)?;
        let changed = with_status(&base.value, status, &on, &note);
        s.save_commitment_from(&changed, Some(&base))
    })
}

/// A new, planned commitment answering an insight, to edit before it is saved.
#[tauri::command]
pub async fn commitment_from_insight(state: Here<'_>, insight_id: String) -> Result<Commitment> {
    let today = state.today;
    state.with(|s| s.commitment_from_insight(&insight_id, today))
}
