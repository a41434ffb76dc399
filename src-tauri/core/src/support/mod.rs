//! What every layer uses: errors, file writes, language and words, text helpers.
pub(crate) mod codes;
pub mod dates;
pub mod error;
pub mod fold;
pub mod fsio;
pub mod lang;
pub mod markdown;
pub mod markup;
