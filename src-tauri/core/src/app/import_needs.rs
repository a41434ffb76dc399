//! Importing needs from a survey export (a [`Table`] read from CSV or xlsx).
//!
//! Columns are chosen by header name. Segments and tags are matched by name (case and
//! spacing ignored) and created when missing. The whole import is one transaction: all
//! rows or none.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{default_color, Need, Segment, Tag};
use crate::domain::personal_data::first;
use crate::domain::validate::{new_id, texts_fit, Texts};
use crate::formats::table::{clean_name, name_key, Table};
use crate::store::{ImportNames, Location, NeedImport, OpenOptions, Store};
use crate::support::error::{Context, CoreError, ErrorCode, Result};

/// Which column holds what. Each value is a header name, matched case- and
/// whitespace-insensitively; `None` (or an empty name) leaves that field empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NeedMapping {
    /// The need itself (required). Rows where it is empty are skipped.
    pub statement: String,
    #[serde(default)]
    pub quote: Option<String>,
    /// One segment name per cell.
    #[serde(default)]
    pub segment: Option<String>,
    /// Tag names, several separated by `,` or `;`.
    #[serde(default)]
    pub tags: Option<String>,
}

/// One row as it would be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    /// The row's place in the source file (line in CSV, row in a sheet).
    pub row: u32,
    pub statement: String,
    pub quote: String,
    /// Segment names, as stored after the import (existing names keep their spelling).
    pub segments: Vec<String>,
    /// Tag names, as stored after the import.
    pub tags: Vec<String>,
}

/// What an import would do, without doing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    /// The first rows that would become needs.
    pub rows: Vec<PreviewRow>,
    /// Data rows in the table.
    pub row_count: u32,
    /// Needs that would be created.
    pub need_count: u32,
    /// Rows that would be skipped because their statement is empty.
    pub empty_statements: u32,
    /// Tags that do not exist yet and would be created (top level).
    pub new_tags: Vec<String>,
    /// Segments that do not exist yet and would be created.
    pub new_segments: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub activity_id: String,
    pub needs_created: u32,
    /// Rows skipped because their statement was empty.
    pub skipped_empty: u32,
    /// Names of the tags created.
    pub tags_created: Vec<String>,
    /// Names of the segments created.
    pub segments_created: Vec<String>,
    /// Needs imported whose statement or quote holds personal data (an identity number,
    /// an e-mail address or a phone number): imported all the same, to be cleaned.
    pub with_personal_data: u32,
}

/// The mapping resolved to column indexes.
struct Columns {
    statement: usize,
    quote: Option<usize>,
    segment: Option<usize>,
    tags: Option<usize>,
}

fn column(table: &Table, field: &str, name: Option<&str>) -> Result<Option<usize>> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(None),
        Some(n) => table.column(n).map(Some).map_err(|e| e.with_field(field)),
    }
}

fn columns(table: &Table, m: &NeedMapping) -> Result<Columns> {
    let Some(statement) = column(table, "statement", Some(&m.statement))? else {
        return Err(CoreError::field(
            "statement",
            ErrorCode::Required,
            "statement: choose the column that holds the needs",
        ));
    };
    Ok(Columns {
        statement,
        quote: column(table, "quote", m.quote.as_deref())?,
        segment: column(table, "segment", m.segment.as_deref())?,
        tags: column(table, "tags", m.tags.as_deref())?,
    })
}

/// A name resolved to an id: an existing entity, or one this import creates.
#[derive(Clone)]
struct Named {
    id: String,
    name: String,
}

/// Names known by key, plus the ones this import adds (in order of first use).
struct Names {
    known: HashMap<String, Named>,
    created: Vec<Named>,
}

impl Names {
    /// Existing `(id, name)`s; when two share a key, the first wins (top-level tags first).
    fn new(existing: Vec<(String, String)>) -> Names {
        let mut known = HashMap::new();
        for (id, name) in existing {
            known.entry(name_key(&name)).or_insert(Named { id, name });
        }
        Names {
            known,
            created: vec![],
        }
    }

    fn get(&self, raw: &str) -> Option<&Named> {
        self.known.get(&name_key(raw))
    }

    fn resolve(&mut self, raw: &str) -> Named {
        let key = name_key(raw);
        if let Some(n) = self.known.get(&key) {
            return n.clone();
        }
        let n = Named {
            id: new_id(),
            name: clean_name(raw),
        };
        self.known.insert(key, n.clone());
        self.created.push(n.clone());
        n
    }
}

/// Split a tags cell into names. `;` always separates. `,` separates too, except inside a
/// name that already exists: "En plats för läsinspiration, information och kunskap" is one
/// tag when the codebook has it (the longest run of comma-separated pieces that names a
/// known tag wins).
fn split_tags(cell: &str, names: &Names) -> Vec<String> {
    let mut out = Vec::new();
    for group in cell.split(';') {
        let pieces: Vec<&str> = group.split(',').collect();
        let mut i = 0;
        while i < pieces.len() {
            let mut taken = 1;
            for j in (i + 2..=pieces.len()).rev() {
                if names.get(&pieces[i..j].join(",")).is_some() {
                    taken = j - i;
                    break;
                }
            }
            let name = pieces[i..i + taken].join(",");
            if !name.trim().is_empty() {
                out.push(name);
            }
            i += taken;
        }
    }
    out
}

struct PlannedNeed {
    row: u32,
    statement: String,
    quote: String,
    segments: Vec<Named>,
    tags: Vec<Named>,
}

struct Plan {
    needs: Vec<PlannedNeed>,
    empty: u32,
    rows: u32,
    tags: Names,
    segments: Names,
}

/// The texts of a row within the limits a form has (the one table in
/// [`crate::domain::validate`]); the message names the row and the field (`what` says
/// whose field it is, e.g. "segment ").
fn row_fits(row: u32, what: &str, item: &impl Texts) -> Result<()> {
    texts_fit(item, |f| format!("row {row}: {what}{f}")).map_err(|mut e| {
        // A row of the file, not a field of the import form.
        e.field = None;
        e
    })
}

/// Work out every need, and every tag and segment to create, without writing.
fn plan(names: ImportNames, table: &Table, mapping: &NeedMapping) -> Result<Plan> {
    let cols = columns(table, mapping)?;
    let mut tags = Names::new(names.tags);
    let mut segments = Names::new(names.segments);
    let mut needs = Vec::new();
    let mut empty = 0;
    for row in &table.rows {
        let statement = row.cell(cols.statement).trim();
        if statement.is_empty() {
            empty += 1;
            continue;
        }
        let quote = cols.quote.map(|c| row.cell(c).trim()).unwrap_or("");
        let need = Need {
            statement: statement.to_string(),
            quote: quote.to_string(),
            ..Need::default()
        };
        row_fits(row.number, "", &need)?;
        let mut need_segments: Vec<Named> = Vec::new();
        if let Some(c) = cols.segment {
            let cell = row.cell(c);
            if !cell.trim().is_empty() {
                let name = clean_name(cell);
                row_fits(
                    row.number,
                    "segment ",
                    &Segment {
                        name,
                        ..Segment::default()
                    },
                )?;
                need_segments.push(segments.resolve(cell));
            }
        }
        let mut need_tags: Vec<Named> = Vec::new();
        if let Some(c) = cols.tags {
            for name in split_tags(row.cell(c), &tags) {
                let tag = Tag {
                    name: clean_name(&name),
                    ..Tag::default()
                };
                row_fits(row.number, "tag ", &tag)?;
                let t = tags.resolve(&name);
                if !need_tags.iter().any(|x| x.id == t.id) {
                    need_tags.push(t);
                }
            }
        }
        needs.push(PlannedNeed {
            row: row.number,
            statement: need.statement,
            quote: need.quote,
            segments: need_segments,
            tags: need_tags,
        });
    }
    Ok(Plan {
        needs,
        empty,
        rows: table.rows.len() as u32,
        tags,
        segments,
    })
}

/// The store's batch for a plan: new segments and (top-level) tags, and the needs.
fn batch(plan: &Plan, activity_id: &str) -> NeedImport {
    let ids = |v: &[Named]| v.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
    NeedImport {
        activity_id: activity_id.to_string(),
        segments: plan
            .segments
            .created
            .iter()
            .map(|s| Segment {
                id: s.id.clone(),
                name: s.name.clone(),
                ..Segment::default()
            })
            .collect(),
        tags: plan
            .tags
            .created
            .iter()
            .map(|t| Tag {
                id: t.id.clone(),
                name: t.name.clone(),
                color: default_color(),
                ..Tag::default()
            })
            .collect(),
        needs: plan
            .needs
            .iter()
            .map(|n| Need {
                id: new_id(),
                statement: n.statement.clone(),
                quote: n.quote.clone(),
                activity_id: Some(activity_id.to_string()),
                segment_ids: ids(&n.segments),
                tag_ids: ids(&n.tags),
                important: false,
            })
            .collect(),
    }
}

/// What importing `table` with `mapping` would do: the first `rows` needs as they would be
/// stored, the tags and segments that would be created, and the counts. Writes nothing.
pub fn preview_import(
    store: &Store,
    table: &Table,
    mapping: &NeedMapping,
    rows: usize,
) -> Result<ImportPreview> {
    let plan = plan(store.import_names()?, table, mapping)?;
    let names = |v: &[Named]| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    Ok(ImportPreview {
        rows: plan
            .needs
            .iter()
            .take(rows)
            .map(|n| PreviewRow {
                row: n.row,
                statement: n.statement.clone(),
                quote: n.quote.clone(),
                segments: names(&n.segments),
                tags: names(&n.tags),
            })
            .collect(),
        row_count: plan.rows,
        need_count: plan.needs.len() as u32,
        empty_statements: plan.empty,
        new_tags: names(&plan.tags.created),
        new_segments: names(&plan.segments.created),
    })
}

/// Import every row of `table` as a need of activity `activity_id`, in one transaction:
/// after any error nothing has changed.
pub fn import_needs(
    store: &mut Store,
    table: &Table,
    mapping: &NeedMapping,
    activity_id: &str,
) -> Result<ImportReport> {
    // A read-only project or an unknown activity is refused before the table is planned.
    store.check_import_into(activity_id)?;
    let plan = plan(store.import_names()?, table, mapping)?;
    store.import_needs(&batch(&plan, activity_id))?;
    let names = |v: &[Named]| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    Ok(ImportReport {
        activity_id: activity_id.to_string(),
        needs_created: plan.needs.len() as u32,
        skipped_empty: plan.empty,
        tags_created: names(&plan.tags.created),
        segments_created: names(&plan.segments.created),
        with_personal_data: plan
            .needs
            .iter()
            .filter(|n| first(&n.statement).or_else(|| first(&n.quote)).is_some())
            .count() as u32,
    })
}

/// Import needs from the survey file `input` into the project at `project`, for the
/// command line: errors name the survey file for column and text problems, else the project.
pub fn import_file(
    project: &Location,
    input: &Path,
    as_xlsx: bool,
    activity: &str,
    mapping: &NeedMapping,
) -> Result<ImportReport> {
    let table = if as_xlsx {
        crate::formats::table::read_xlsx(input)
    } else {
        crate::formats::table::read_csv(input)
    }
    .in_file(input)?;
    let mut store = Store::open_at(project, OpenOptions { lock: true })?;
    import_needs(&mut store, &table, mapping, activity).map_err(|e| match e.code {
        ErrorCode::MissingColumn | ErrorCode::TooLong => e.in_file(input),
        _ => e.about(project),
    })
}

/// One line that says what an import did.
pub fn report_line(project: &Location, report: &ImportReport) -> String {
    let mut line = format!(
        "{}: imported {} needs into activity \"{}\"",
        project, report.needs_created, report.activity_id
    );
    if report.skipped_empty > 0 {
        line.push_str(&format!(
            "; skipped {} rows with an empty statement",
            report.skipped_empty
        ));
    }
    if report.with_personal_data > 0 {
        line.push_str(&format!(
            "; personal data in {} of them (see medskapa check)",
            report.with_personal_data
        ));
    }
    if !report.tags_created.is_empty() {
        line.push_str(&format!(
            "; created tags: {}",
            report.tags_created.join(", ")
        ));
    }
    if !report.segments_created.is_empty() {
        line.push_str(&format!(
            "; created segments: {}",
            report.segments_created.join(", ")
        ));
    }
    line
}
