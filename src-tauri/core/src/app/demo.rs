//! The demo project: the Helsingborg new-city-library case, in Swedish.

use std::path::Path;

use crate::store::Store;
use crate::support::error::{CoreError, Result};

/// The demo project as interchange JSON.
pub const DEMO_JSON: &str = include_str!("../../../../assets/demo/helsingborg.json");

/// Create the demo project at `path` (refuses to overwrite).
pub fn create_demo(path: &Path) -> Result<Store> {
    let project = crate::formats::interchange::parse(DEMO_JSON)
        .map_err(|e| CoreError::invalid(format!("demo data: {}", e.message)))?;
    Store::create_from(path, &project)
}
