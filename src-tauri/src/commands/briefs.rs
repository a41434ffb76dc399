//! Decision briefs and feedback sheets: previews, and exports as PDF and as a web page.

use medskapa_core::app::briefs::BriefSource;
use medskapa_core::app::personal_data::{self, ExportScope, PersonalDataFinding, TextFinding};
use medskapa_core::store::output_guard;
use medskapa_core::support::fsio::Output;

use super::data::{open_file, write_export};
use super::*;

/// The live preview of a brief: HTML from the same model the PDF is set from. Async, so
/// it runs off the main thread and a large project never freezes the window.
#[tauri::command]
pub async fn brief_preview(state: Here<'_>, request: BriefRequest) -> Result<String> {
    let html = brief_model(&state, &request).map(medskapa_core::app::briefs::preview_html);
    crate::memory::freed_much();
    html
}

/// Ask where to save a PDF, render it off the main thread and write it atomically.
/// Returns the file name written, or `None` when the dialog was cancelled.
async fn save_pdf<R: Runtime>(
    app: &AppHandle<R>,
    state: &Here<'_>,
    suggested: String,
    render: impl FnOnce() -> Vec<u8> + Send + 'static,
) -> Result<Option<String>> {
    save_file(app, state, ("PDF", "pdf"), suggested, render).await
}

/// Ask where to save a file of type `(filter name, extension)`, render it off the main
/// thread and write it atomically through the one output path. Returns the file name
/// written, or `None` when the dialog was cancelled.
async fn save_file<R: Runtime>(
    app: &AppHandle<R>,
    state: &Here<'_>,
    (filter, ext): (&str, &'static str),
    suggested: String,
    render: impl FnOnce() -> Vec<u8> + Send + 'static,
) -> Result<Option<String>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .add_filter(filter, &[ext])
        .set_file_name(suggested)
        .save_file(move |p| {
            let _ = tx.send(p);
        });
    let Some(mut path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    let out = path.clone();
    let open = open_file(state)?;
    tauri::async_runtime::spawn_blocking(move || {
        // Refuse a wrong place before the rendering, and again when writing.
        Output::new(&out, output_guard(open.as_deref())).check()?;
        write_export(open.as_deref(), &out, &render())
    })
    .await
    .map_err(|e| CoreError::new(ErrorCode::Internal, format!("rendering stopped: {e}")))??;
    Ok(path.file_name().map(|f| f.to_string_lossy().to_string()))
}

/// The personal data in a text (a need's quote, an activity's notes …), masked: what a
/// form shows beside a field after a save.
#[tauri::command]
pub async fn personal_data_in(text: String) -> Result<Vec<TextFinding>> {
    Ok(personal_data::in_text(&text))
}

/// Where the output `scope` names holds personal data, item by item: what the export
/// dialog lists before anything is written.
#[tauri::command]
pub async fn personal_data_in_export(
    state: Here<'_>,
    scope: ExportScope,
) -> Result<Vec<PersonalDataFinding>> {
    state.with(|s| personal_data::in_export(s, &scope))
}

/// Refuse the output `scope` names when it holds personal data, unless `allow` (the
/// window asks first; this keeps a forgotten question from publishing anything).
pub(crate) fn refuse_personal_data(
    state: &Here<'_>,
    scope: ExportScope,
    allow: bool,
) -> Result<()> {
    state.with(|s| personal_data::refuse_unless_allowed(s, &scope, allow, "the project"))
}

/// The brief asked for, read from this window's project (before any dialog opens, so a
/// brief that cannot be made fails at once). The project is held only while its part is
/// read: other commands need not wait while the brief is made from it.
fn brief_model(
    state: &Here<'_>,
    request: &BriefRequest,
) -> Result<medskapa_core::documents::brief::BriefModel> {
    exported_brief_model(state, request, true)
}

/// The brief to export: as `brief_model`, refused when its needs hold personal data
/// unless `allow_personal_data` (checked in what was read for it, so it is read once).
fn exported_brief_model(
    state: &Here<'_>,
    request: &BriefRequest,
    allow_personal_data: bool,
) -> Result<medskapa_core::documents::brief::BriefModel> {
    let (target, lang, today) = (request.target(), request.lang, state.today);
    let source = state.with(|s| BriefSource::read(s, &target))?;
    if !allow_personal_data {
        personal_data::refuse(&source.personal_data(), "the project")?;
    }
    source.into_model(&target, lang, today)
}

#[tauri::command]
pub async fn export_brief<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    request: BriefRequest,
    allow_personal_data: bool,
) -> Result<Option<String>> {
    let lang = request.lang;
    let model = exported_brief_model(&state, &request, allow_personal_data)?;
    let suggested = file_names::brief_file(lang, &model.title);
    save_pdf(&app, &state, suggested, move || {
        medskapa_core::documents::brief::render_pdf(&model)
    })
    .await
}

/// Save the brief as one accessible web page, for publishing on the city's web.
#[tauri::command]
pub async fn export_brief_html<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    request: BriefRequest,
    allow_personal_data: bool,
) -> Result<Option<String>> {
    let lang = request.lang;
    let model = exported_brief_model(&state, &request, allow_personal_data)?;
    let suggested = file_names::brief_html_file(lang, &model.title);
    let filter = (file_names::html_filter(state.lang()), "html");
    save_file(&app, &state, filter, suggested, move || {
        medskapa_core::documents::brief::render_html_document(&model).into_bytes()
    })
    .await
}

#[tauri::command]
pub async fn export_feedback<R: Runtime>(
    app: AppHandle<R>,
    state: Here<'_>,
    activity_id: String,
    lang: Lang,
    allow_personal_data: bool,
) -> Result<Option<String>> {
    let scope = ExportScope::Feedback {
        activity_id: activity_id.clone(),
    };
    refuse_personal_data(&state, scope, allow_personal_data)?;
    // Fail before the dialog if the sheet cannot be made.
    let (activity, pdf) =
        state.with(|s| medskapa_core::app::briefs::feedback_sheet(s, &activity_id, lang))?;
    let suggested = file_names::feedback_file(lang, &activity);
    save_pdf(&app, &state, suggested, move || pdf).await
}
