//! Medskapa's core: everything that does not need a window.
//!
//! The modules are layers; each may use the ones above it in this list and never one
//! below it (`tests/core/layers.rs` enforces it):
//!
//! | layer | owns |
//! | --- | --- |
//! | `support` | errors, atomic file writes, language and words, text helpers |
//! | `domain` | the model, the ladder, validation, the needs filter, the planning rules: no SQL, no I/O |
//! | `store` | the project database: one module per table, search, backups, the lock |
//! | `formats` | CSV/XLSX tables and sheets, interchange JSON |
//! | `pdf` | laying out and writing PDF documents |
//! | `documents` | the decision brief and the feedback sheet |
//! | `app` | the use cases the shells call: overview, briefs, import, export, generate |
//! | `testing` | test support only: a real PostgreSQL server for the shared-project tests |
//!
//! This crate never depends on Tauri, so it builds and tests without webkit.
pub mod support;

pub mod domain;

pub mod formats;
pub mod pdf;
pub mod store;

pub mod documents;

pub mod app;

#[doc(hidden)]
pub mod testing;
