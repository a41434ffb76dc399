//! Medskapa's core: everything that does not need a window.
//!
//! Store, domain model, planning checks, briefs and import/export. This crate never
//! depends on Tauri, so it builds and tests without webkit.
pub mod api;
pub mod backup;
pub mod brief;
pub mod checks;
pub mod cli;
pub mod edit;
pub mod error;
pub mod feedback;
pub mod generate;
pub mod import_needs;
pub mod interchange;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod query;
pub mod store;
pub mod tabular;
pub mod undo;

/// Re-exported so tests and tools use the same SQLite build.
pub use rusqlite;
