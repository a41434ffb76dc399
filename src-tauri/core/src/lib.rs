//! Medskapa's core: everything that does not need a window.
//!
//! Store, domain model, planning checks, briefs and import/export. This crate never
//! depends on Tauri, so it builds and tests without webkit.
pub mod api;
pub mod checks;
pub mod edit;
pub mod cli;
pub mod error;
pub mod interchange;
pub mod markdown;
pub mod model;
pub mod query;
pub mod store;
pub mod undo;
pub mod pdf;
pub mod brief;
pub mod feedback;
pub mod tabular;
pub mod import_needs;
pub mod backup;
pub mod generate;

/// Re-exported so tests and tools use the same SQLite build.
pub use rusqlite;
