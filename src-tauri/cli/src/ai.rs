//! `suggest-tags` and `similar`: the local language model from the command line. Needs
//! without a current vector are embedded first (stderr says how many) and the vectors
//! stored, unless the project is read-only. Without the model: exit 2, one line.

use std::path::{Path, PathBuf};

use medskapa_ai::similar::Query;
use medskapa_ai::{not_installed, Ai, SimilarNeed};
use medskapa_core::store::{Location, OpenOptions, Store};
use medskapa_core::support::error::{CoreError, ErrorCode, Result};
use serde::Serialize;

use super::print;

/// Where an installed app keeps the model: beside the binary (as a build copies it), or
/// in the package's resource folder (`/usr/lib/Medskapa` for `/usr/bin/medskapa`).
fn resource_dirs() -> Vec<PathBuf> {
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    else {
        return vec![];
    };
    vec![dir.join("../lib/Medskapa"), dir]
}

/// The model and the project at `file`, every need embedded.
fn open(file: &Path) -> Result<(Ai, Store)> {
    let path = medskapa_ai::find_model(&resource_dirs()).ok_or_else(not_installed)?;
    let ai = Ai::open(&path)?;
    let location = Location::of(file);
    let mut store = Store::open_at(&location, OpenOptions::default())?;
    ai.load(&store)?;
    let todo = store.embedding_todo(medskapa_ai::engine::MODEL_ID)?.len();
    if todo > 0 {
        let kept = if store.read_only() {
            "the project is read-only: they are not stored"
        } else {
            "storing their vectors"
        };
        eprintln!("medskapa: {location}: embedding {todo} needs without a current vector ({kept})");
        ai.embed_pending(&mut store, |_, _| true)?;
    }
    Ok((ai, store))
}

/// A suggestion as printed, with whether the need has the tag already.
#[derive(Serialize)]
struct Suggested {
    tag_id: String,
    name: String,
    score: f32,
    has: bool,
}

/// `suggest-tags FILE --need ID`: the three tags the model suggests for the need, best
/// first; the need's own tags are not hidden (they are marked), but its vote is left out.
pub(super) fn suggest_tags(file: &Path, need: &str, json: bool) -> Result<()> {
    let (ai, store) = open(file)?;
    let has = store.need_for_edit(need)?.value.tag_ids;
    let list: Vec<Suggested> = ai
        .suggest_tags_for_need(&store, need)?
        .into_iter()
        .map(|s| Suggested {
            has: has.contains(&s.tag_id),
            tag_id: s.tag_id,
            name: s.name,
            score: s.score,
        })
        .collect();
    if json {
        return print(&format!("{}\n", to_json(&list)?));
    }
    let mut out = String::new();
    for s in &list {
        let mark = if s.has { "  (has it)" } else { "" };
        out.push_str(&format!("{:.3}  {}  {}{mark}\n", s.score, s.tag_id, s.name));
    }
    print(&out)
}

/// `similar FILE --need ID`: the needs closest in meaning, closest first.
pub(super) fn similar(file: &Path, need: &str, limit: usize, json: bool) -> Result<()> {
    let (ai, store) = open(file)?;
    let list: Vec<SimilarNeed> = ai.similar(&store, Query::Need(need), limit)?;
    if json {
        return print(&format!("{}\n", to_json(&list)?));
    }
    let mut out = String::new();
    for n in &list {
        out.push_str(&format!("{:.3}  {}  {}\n", n.score, n.need_id, n.statement));
    }
    print(&out)
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map_err(|e| CoreError::new(ErrorCode::Internal, format!("cannot write JSON: {e}")))
}
