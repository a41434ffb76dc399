//! The domain: what a project is and the rules it follows. No SQL, no file I/O.
pub mod checks;
pub mod ladder;
pub mod model;
pub mod personal_data;
pub mod reach;
pub mod representation;
pub mod rows;
pub mod timeline;
pub mod validate;
pub mod words;
