//! Spreadsheets in and out, under the path callers have long used: reading tables lives in
//! [`super::table`], writing sheets in [`super::sheet`].

pub use super::sheet::{activity_status_sv, method_sv, SheetKind, ACTIVITY_HEADERS, NEEDS_HEADERS};
pub use super::table::{
    clean_name, name_key, read_csv, read_table, read_xlsx, table_from_csv, table_from_workbook,
    Separator, Table, TableFormat, TablePreview, TableRow, TextEncoding,
};

// The exports read the store, so they are composed in `app::export`; these names stay
// until the last callers of this path (app/sheets.rs, the data_io tests) call it there.
pub use crate::app::export::{export_activities, export_needs};
