//! The use cases the shells (the window and the command line) call.
pub mod bindings;
pub mod briefs;
pub mod checks;
pub mod demo;
pub mod export;
pub mod file_names;
pub mod generate;
pub mod import_needs;
pub mod overview;
pub mod personal_data;
