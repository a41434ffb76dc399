//! Who changed what: the stamps an edit form shows, the conflicts two people's edits left,
//! and the name the user goes by (kept in the app's settings and given to every project
//! opened).

use super::*;

use medskapa_core::store::conflicts::Conflict;
use medskapa_core::store::stamps::{EntityKind, Stamp};

#[tauri::command]
pub async fn stamps(state: Here<'_>, kind: EntityKind, ids: Vec<String>) -> Result<Vec<Stamp>> {
    state.with(|s| s.stamps(kind, &ids))
}

/// The conflicts no one has resolved yet, in the whole project.
#[tauri::command]
pub async fn open_conflicts(state: Here<'_>) -> Result<Vec<Conflict>> {
    state.with(|s| s.open_conflicts())
}

/// The open conflicts about one item.
#[tauri::command]
pub async fn conflicts_of(state: Here<'_>, kind: EntityKind, id: String) -> Result<Vec<Conflict>> {
    state.with(|s| s.conflicts_of(kind, &id))
}

/// Resolve a conflict with `value`: mine, theirs, or a merge of the two.
#[tauri::command]
pub async fn resolve_conflict(state: Here<'_>, id: i64, value: serde_json::Value) -> Result<()> {
    state.with(|s| s.resolve_conflict(id, value))
}

/// The name remembered on this computer; without one, the name the open project knows the
/// user by.
#[tauri::command]
pub async fn display_name(state: Here<'_>) -> Result<String> {
    let remembered = state.settings()?.name;
    if !remembered.is_empty() {
        return Ok(remembered);
    }
    without_project(state.with(|s| Ok(s.display_name()?.unwrap_or_default())))
}

/// Remember the name on this computer and give it to the open project (unless the project
/// may not be changed: it gets the name when it is opened where it can be).
#[tauri::command]
pub async fn set_display_name(state: Here<'_>, name: String) -> Result<()> {
    let name = medskapa_core::domain::validate::display_name(&name)?;
    state.update_settings(|s| s.name = name.clone())?;
    without_project(state.with(|s| {
        if s.read_only() || s.display_name()?.unwrap_or_default() == name {
            return Ok(());
        }
        s.set_display_name(&name)
    }))
}

/// `result`, where having no project open is no error (the default value).
fn without_project<T: Default>(result: Result<T>) -> Result<T> {
    match result {
        Err(e) if e.code == ErrorCode::NoProject => Ok(T::default()),
        other => other,
    }
}
