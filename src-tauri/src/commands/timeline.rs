//! Tidslinje: the chart is laid out here, once per change of the project or of what the
//! window asks (zoom, width, opened clusters), and kept; the window asks for the part it
//! shows, for the next marker of the arrow keys and for pages of the list.

use std::sync::Arc;

use super::*;
use medskapa_core::domain::timeline::{
    LabelFonts, TextWidth, TimelineLayout, TimelineList, TimelineOpening, TimelineParams,
    TimelinePlace, TimelineRegion, TimelineView,
};

/// The chart's layout for `params`: the kept one when it was made from the same parameters
/// and label widths (it is dropped when the window's project closes), else laid out again.
fn layout_for(state: &Here<'_>, params: TimelineParams) -> Result<Arc<TimelineLayout>> {
    let widths = state.label_widths();
    let mut kept = state
        .timeline()
        .lock()
        .map_err(|_| CoreError::internal("the timeline is unavailable; restart Medskapa"))?;
    if let Some(k) = kept.as_ref() {
        if k.params == params && Arc::ptr_eq(&k.widths, &widths) {
            return Ok(k.layout.clone());
        }
    }
    let data = state.with(|s| s.timeline_data())?;
    let layout = Arc::new(data.lay_out(&params, &widths));
    *kept = Some(crate::state::KeptTimeline {
        params,
        widths,
        layout: layout.clone(),
    });
    Ok(layout)
}

/// The widths of the chart's label characters, as the window measured them in its fonts.
#[tauri::command]
pub async fn timeline_fonts(state: Here<'_>, fonts: LabelFonts) -> Result<()> {
    let lengths = [&fonts.strong, &fonts.normal, &fonts.small];
    if lengths
        .iter()
        .any(|w| w.iter().any(|x| !x.is_finite() || *x < 0.0))
    {
        return Err(CoreError::of(
            ErrorCode::Invalid,
            "fonts",
            "label widths must be numbers of 0 or more".to_string(),
        ));
    }
    state.set_label_widths(TextWidth::measured(fonts));
    Ok(())
}

/// The chart's size and the markers in `region` (and the one with key `keep`); with
/// `open`, where the chart opens and what meets that part of it.
#[tauri::command]
pub async fn timeline_view(
    state: Here<'_>,
    params: TimelineParams,
    region: Option<TimelineRegion>,
    keep: Option<String>,
    open: Option<TimelineOpening>,
) -> Result<TimelineView> {
    let layout = layout_for(&state, params)?;
    let Some(open) = open else {
        let region = region.unwrap_or(TimelineRegion {
            left: 0.0,
            top: 0.0,
            width: 0.0,
            height: 0.0,
        });
        return Ok(layout.view(region, keep.as_deref()));
    };
    let scroll = layout.open_at(&open);
    let region = TimelineRegion {
        left: scroll.left - open.margin,
        top: scroll.top - open.margin,
        width: open.width + 2.0 * open.margin,
        height: open.height + 2.0 * open.margin,
    };
    let mut view = layout.view(region, keep.as_deref().or(open.target.as_deref()));
    view.scroll = Some(scroll);
    Ok(view)
}

/// Where the marker, cluster or clustered item with key `key` is.
#[tauri::command]
pub async fn timeline_find(
    state: Here<'_>,
    params: TimelineParams,
    key: String,
) -> Result<Option<TimelinePlace>> {
    Ok(layout_for(&state, params)?.find(&key))
}

/// The marker or cluster after (or before) `key` in reading order, for the arrow keys.
#[tauri::command]
pub async fn timeline_step(
    state: Here<'_>,
    params: TimelineParams,
    key: String,
    forward: bool,
) -> Result<Option<TimelinePlace>> {
    Ok(layout_for(&state, params)?.step(&key, forward))
}

/// The ids of the items the cluster with key `key` holds (none when there is no such cluster).
#[tauri::command]
pub async fn timeline_cluster(
    state: Here<'_>,
    params: TimelineParams,
    key: String,
) -> Result<Vec<String>> {
    let layout = layout_for(&state, params)?;
    Ok(layout
        .clusters
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.ids.clone())
        .unwrap_or_default())
}

/// Rows `from`–`to` of the chart as a list; without `from`, the page it opens at.
#[tauri::command]
pub async fn timeline_list(
    state: Here<'_>,
    params: TimelineParams,
    from: Option<u32>,
    to: Option<u32>,
) -> Result<TimelineList> {
    let today = params.today.clone();
    Ok(layout_for(&state, params)?.list(from, to, &today))
}
