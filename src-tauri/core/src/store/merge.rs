//! Saving an edit that started from an older revision: the three-way merge of the entity
//! as the editor loaded it (the base), as they saved it (mine) and as it is now (theirs).
//!
//! A field only I changed takes my value, a field only they changed keeps theirs, and a
//! field we both changed to different values keeps theirs and becomes a recorded conflict
//! (`conflicts`). Set-valued links (a need's tags, an insight's evidence) are written as my
//! additions and removals against the base, so what others added meanwhile stays; an
//! activity's participant counts merge per segment like fields.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::conflicts::{self, Conflict};
use super::db::Db;
use super::stamps::EntityKind;

/// An entity as an editor loaded it: what a save states as the base it started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Based<T> {
    pub value: T,
    /// The row's revision when it was read (0 when the editor started from what it showed
    /// without reading it). The merge goes by `value`, what the editor started from, not by
    /// this.
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a save with a base wrote: the entity as it now is (merged with what others saved
/// meanwhile), its new revision, and the fields both changed, kept as theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Saved<T> {
    pub value: T,
    #[ts(type = "number")]
    pub revision: i64,
    pub conflicts: Vec<Conflict>,
}

/// An entity as stored now, with its revision and who changed it last.
pub(super) struct Current<T> {
    pub value: T,
    pub revision: i64,
    pub changed_by: Option<String>,
}

/// The JSON key of the participant counts, merged per segment.
const COUNTS: &str = "participants";

/// My changes to the links, relative to the base.
#[derive(Debug, Default)]
pub(super) struct Delta {
    /// Per set-valued key: the ids I added and the ids I removed.
    pub sets: BTreeMap<&'static str, (Vec<String>, Vec<String>)>,
    /// Participant counts I set (`Some`) or removed (`None`), per segment, not in conflict.
    pub counts: Vec<(String, Option<u32>)>,
}

impl Delta {
    /// The ids added to and removed from the set `key`.
    pub fn of(&self, key: &str) -> (&[String], &[String]) {
        self.sets
            .get(key)
            .map_or((&[], &[]), |(a, r)| (a.as_slice(), r.as_slice()))
    }
}

/// A field both changed: its name and the three values.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Clash {
    pub field: String,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// An entity that saves through a merge. Each table module implements it for its type.
pub(super) trait Entity: Serialize + DeserializeOwned + Clone {
    const KIND: EntityKind;
    /// The JSON keys of its set-valued links (lists of ids).
    const SETS: &'static [&'static str];
    fn id(&self) -> &str;
    /// As a save validates it, before the database is asked.
    fn validate(&self) -> Result<Self>;
    /// Its table (whose rows carry `id`, `revision` and `changed_by`).
    const TABLE: &'static str;
    /// As stored now, with its links.
    fn read(db: &Db, id: &str) -> Result<Option<Self>>;
    /// As stored now, with its revision; with `lock`, the row is locked against other
    /// writers until the transaction ends (`SELECT … FOR UPDATE` on a server).
    fn current(db: &Db, id: &str, lock: bool) -> Result<Option<Current<Self>>> {
        let Some((revision, changed_by)) = super::rows::head(db, Self::TABLE, id, lock)? else {
            return Ok(None);
        };
        Ok(Self::read(db, id)?.map(|value| Current {
            value,
            revision,
            changed_by,
        }))
    }
    /// Save as the plain save does: the row and all its links replaced. Returns it as
    /// saved. Without links, that is writing its fields.
    fn replace(db: &Db, v: &Self) -> Result<Self> {
        Self::write_fields(db, v)?;
        Ok(v.clone())
    }
    /// Write the row's own fields (not its links), references checked, revision raised.
    fn write_fields(db: &Db, v: &Self) -> Result<()>;
    /// Add and remove links as `delta` says, references checked. Nothing without links.
    fn write_links(_db: &Db, _v: &Self, _delta: &Delta) -> Result<()> {
        Ok(())
    }
    /// Before the merge: bring fields that only grow (a commitment's history) in line, so
    /// that what I added goes after what they added instead of clashing with it.
    fn align(_base: &mut Self, _mine: &mut Self, _theirs: &Self) {}
}

/// The result of a merge.
pub(super) struct Merge {
    pub value: Value,
    pub clashes: Vec<Clash>,
    pub delta: Delta,
    /// Whether I changed anything at all.
    pub changed: bool,
}

fn object(v: Value) -> Result<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(CoreError::internal("an entity is not a JSON object")),
    }
}

fn ids(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn counts(v: Option<&Value>) -> BTreeMap<String, u32> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let seg = p.get("segment_id")?.as_str()?.to_string();
                    let n = u32::try_from(p.get("count")?.as_u64()?).ok()?;
                    Some((seg, n))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count_value(c: Option<u32>) -> Value {
    c.map_or(Value::Null, Value::from)
}

/// Three-way merge of one value: (the result, whether it is a clash).
fn pick<'a, T: PartialEq>(base: &'a T, mine: &'a T, theirs: &'a T) -> (&'a T, bool) {
    if mine == base || mine == theirs {
        (theirs, false)
    } else if theirs == base {
        (mine, false)
    } else {
        (theirs, true)
    }
}

/// Merge `mine` and `theirs`, both changed from `base` (all the same entity as JSON
/// objects); `sets` are the keys of the set-valued links.
pub(super) fn merge(
    base: Value,
    mine: Value,
    theirs: Value,
    sets: &'static [&'static str],
) -> Result<Merge> {
    let (base, mine, mut out) = (object(base)?, object(mine)?, object(theirs)?);
    let mut clashes = Vec::new();
    let mut delta = Delta::default();
    let mut changed = false;
    for (key, m) in &mine {
        let b = base.get(key).unwrap_or(&Value::Null);
        if let Some(set) = sets.iter().find(|s| **s == key) {
            let (b, m, t) = (ids(Some(b)), ids(Some(m)), ids(out.get(key)));
            let added: Vec<String> = m.iter().filter(|x| !b.contains(x)).cloned().collect();
            let removed: Vec<String> = b.iter().filter(|x| !m.contains(x)).cloned().collect();
            let mut result: Vec<String> = t.into_iter().filter(|x| !removed.contains(x)).collect();
            for a in &added {
                if !result.contains(a) {
                    result.push(a.clone());
                }
            }
            result.sort();
            changed |= !added.is_empty() || !removed.is_empty();
            out.insert(key.clone(), Value::from(result));
            delta.sets.insert(set, (added, removed));
        } else if key == COUNTS {
            let (b, m, t) = (counts(Some(b)), counts(Some(m)), counts(out.get(key)));
            let mut result = t.clone();
            let segments: std::collections::BTreeSet<&String> = b.keys().chain(m.keys()).collect();
            for seg in segments {
                let (bc, mc, tc) = (
                    b.get(seg).copied(),
                    m.get(seg).copied(),
                    t.get(seg).copied(),
                );
                if mc == bc {
                    continue;
                }
                changed = true;
                let (v, clash) = pick(&bc, &mc, &tc);
                if clash {
                    clashes.push(Clash {
                        field: format!("{COUNTS}.{seg}"),
                        base: count_value(bc),
                        mine: count_value(mc),
                        theirs: count_value(tc),
                    });
                    continue;
                }
                match v {
                    Some(n) => result.insert(seg.clone(), *n),
                    None => result.remove(seg),
                };
                delta.counts.push((seg.clone(), mc));
            }
            let list: Vec<Value> = result
                .into_iter()
                .map(|(s, n)| serde_json::json!({"segment_id": s, "count": n}))
                .collect();
            out.insert(key.clone(), Value::from(list));
        } else {
            let t = out.get(key).cloned().unwrap_or(Value::Null);
            changed |= m != b;
            let (v, clash) = pick(b, m, &t);
            if clash {
                clashes.push(Clash {
                    field: key.clone(),
                    base: b.clone(),
                    mine: m.clone(),
                    theirs: t.clone(),
                });
            }
            let v = v.clone();
            out.insert(key.clone(), v);
        }
    }
    Ok(Merge {
        value: Value::Object(out),
        clashes,
        delta,
        changed,
    })
}

fn json<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| CoreError::internal(format!("cannot merge: {e}")))
}

fn from_json<T: DeserializeOwned>(v: Value) -> Result<T> {
    serde_json::from_value(v).map_err(|e| CoreError::internal(format!("cannot merge: {e}")))
}

/// Set one field (`participants.<segment>` for a count) of `v` to `value`.
pub(super) fn with_field<T: Entity>(v: &T, field: &str, value: Value) -> Result<T> {
    let mut m = object(json(v)?)?;
    if let Some(seg) = field.strip_prefix(&format!("{COUNTS}.")) {
        let mut c = counts(m.get(COUNTS));
        match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => c.insert(seg.to_string(), n),
            None => c.remove(seg),
        };
        let list: Vec<Value> = c
            .into_iter()
            .map(|(s, n)| serde_json::json!({"segment_id": s, "count": n}))
            .collect();
        m.insert(COUNTS.into(), Value::from(list));
    } else if m.contains_key(field) && !T::SETS.contains(&field) && field != "id" {
        m.insert(field.to_string(), value);
    } else {
        return Err(CoreError::invalid(format!(
            "{}: no field \"{field}\" to resolve",
            T::KIND.as_str()
        )));
    }
    from_json(Value::Object(m))
}

/// The entity `id` of kind `T` as an editor loads it.
pub(super) fn based<T: Entity>(db: &Db, id: &str) -> Result<Based<T>> {
    let c = T::current(db, id, false)?
        .ok_or_else(|| CoreError::not_found(format!("unknown {} \"{id}\"", T::KIND.as_str())))?;
    Ok(Based {
        value: c.value,
        revision: c.revision,
    })
}

impl Store {
    /// Save `edited`, which started from `base`: merged with what others saved since
    /// (see the module). Without a base, the plain save (last writer wins, links replaced).
    pub(super) fn save_from<T: Entity>(
        &mut self,
        edited: &T,
        base: Option<&Based<T>>,
    ) -> Result<Saved<T>> {
        let edited = edited.validate()?;
        let role = self.role().to_string();
        let tx = self.tx()?;
        let Some(base) = base else {
            let v = T::replace(&tx, &edited)?;
            let now = T::current(&tx, v.id(), false)?
                .ok_or_else(|| CoreError::internal("a saved row is gone"))?;
            tx.commit()?;
            return Ok(Saved {
                value: now.value,
                revision: now.revision,
                conflicts: vec![],
            });
        };
        if base.value.id() != edited.id() {
            return Err(CoreError::invalid("the base of an edit is another item"));
        }
        let Some(now) = T::current(&tx, edited.id(), true)? else {
            return Err(conflicts::deleted_error(&tx, T::KIND, edited.id())?);
        };
        let mut base_value = base.value.validate().unwrap_or_else(|_| base.value.clone());
        let mut edited = edited;
        T::align(&mut base_value, &mut edited, &now.value);
        let m = merge(
            json(&base_value)?,
            json(&edited)?,
            json(&now.value)?,
            T::SETS,
        )?;
        let mut recorded = Vec::new();
        if m.changed {
            let merged: T = from_json(m.value)?;
            T::write_fields(&tx, &merged)?;
            T::write_links(&tx, &merged, &m.delta)?;
            recorded = conflicts::record(
                &tx,
                T::KIND,
                edited.id(),
                &m.clashes,
                &role,
                now.changed_by.as_deref(),
            )?;
        }
        let after = T::current(&tx, edited.id(), false)?
            .ok_or_else(|| CoreError::internal("a saved row is gone"))?;
        tx.commit()?;
        Ok(Saved {
            value: after.value,
            revision: after.revision,
            conflicts: recorded,
        })
    }
}

/// A deleted row's error, for the code the UI acts on.
pub(super) fn deleted(kind: EntityKind, id: &str, by: Option<(String, String)>) -> CoreError {
    let who = by.map_or(String::new(), |(by, at)| format!(" by {by} at {at}"));
    CoreError::new(
        ErrorCode::Deleted,
        format!(
            "the {} \"{id}\" was deleted{who} while you edited it",
            kind.as_str().replace('_', " ")
        ),
    )
}
