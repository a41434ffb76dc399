//! Files exchanged with other programs: CSV and Excel tables and sheets, interchange JSON.
pub mod interchange;
pub mod sheet;
pub mod strict_json;
pub mod table;
