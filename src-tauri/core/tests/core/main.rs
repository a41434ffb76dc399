//! The core's tests, as one test binary (faster to build and link than one per file).
//! Each module tests one part of the core; `support` holds the builders they share.

mod support;

mod brief;
mod brief_followup;
mod brief_preview;
mod catalogues;
mod checks;
mod checks_followup;
mod commitments;
mod data_io;
mod dialogues;
mod edit;
mod embeddings;
mod generate;
mod integrity;
mod layers;
mod live;
mod markdown;
mod merge;
mod outputs;
mod personal_data;
mod pickers;
mod query;
mod shared;
mod stamps;
mod store;
mod strict_input;
mod tagged_pdf;
mod timeline;
mod undo;
mod writers;
