//! Which needs lack a current vector, found without reading every need's text each time:
//! [`Stale`] keeps the revision at which it last found each need current, and reads the
//! texts only of needs that are new or whose revision changed since. The first look reads
//! them all.

use std::collections::{HashMap, HashSet};

use medskapa_core::store::embeddings::EmbeddingTodo;
use medskapa_core::store::Store;
use medskapa_core::support::error::Result;

use crate::engine::MODEL_ID;

/// What a background pass knows of the project's needs between looks.
#[derive(Debug, Default)]
pub struct Stale {
    /// Needs found current (or embedded), by `nid`, at this revision.
    seen: HashMap<i64, i64>,
    /// Needs listed to embed by the last look, at the revision they had then.
    pending: HashMap<i64, i64>,
}

impl Stale {
    pub fn new() -> Stale {
        Stale::default()
    }

    /// The needs to embed now (in `nid` order), and how many needs the project has.
    pub fn todo(&mut self, store: &Store) -> Result<(Vec<EmbeddingTodo>, u32)> {
        let revisions = store.need_revisions()?;
        let total = revisions.len() as u32;
        let live: HashSet<i64> = revisions.iter().map(|(nid, _)| *nid).collect();
        self.seen.retain(|nid, _| live.contains(nid));
        let changed: Vec<(i64, i64)> = revisions
            .into_iter()
            .filter(|(nid, rev)| self.seen.get(nid) != Some(rev))
            .collect();
        let todo = if self.seen.is_empty() {
            store.embedding_todo(MODEL_ID)?
        } else {
            let nids: Vec<i64> = changed.iter().map(|(nid, _)| *nid).collect();
            store.embedding_todo_among(MODEL_ID, &nids)?
        };
        let stale: HashSet<i64> = todo.iter().map(|t| t.nid).collect();
        self.pending.clear();
        for (nid, rev) in changed {
            if stale.contains(&nid) {
                self.pending.insert(nid, rev);
            } else {
                self.seen.insert(nid, rev);
            }
        }
        Ok((todo, total))
    }

    /// The vectors of these needs were kept: they are current as of the look that listed
    /// them (a need edited since has another revision, and the next look takes it again).
    pub fn kept(&mut self, nids: impl IntoIterator<Item = i64>) {
        for nid in nids {
            if let Some(rev) = self.pending.remove(&nid) {
                self.seen.insert(nid, rev);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use medskapa_core::app::demo::create_demo;
    use medskapa_core::store::embeddings::NewEmbedding;

    use super::*;
    use crate::engine::DIMENSIONS;

    /// Keep a (made-up) vector for each of `todo`, as the background pass does.
    fn keep(store: &mut Store, stale: &mut Stale, todo: &[EmbeddingTodo], store_them: bool) {
        let made: Vec<NewEmbedding> = todo
            .iter()
            .map(|t| NewEmbedding {
                nid: t.nid,
                text_hash: t.text_hash.clone(),
                vector: vec![0.05; DIMENSIONS],
            })
            .collect();
        if store_them {
            store
                .put_embeddings(MODEL_ID, &made)
                .expect("store vectors");
        }
        stale.kept(made.iter().map(|e| e.nid));
    }

    #[test]
    fn only_new_and_changed_texts_are_listed_after_the_first_look() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = create_demo(&dir.path().join("demo.medskapa")).expect("demo");
        let mut stale = Stale::new();
        let (todo, total) = stale.todo(&store).expect("first look");
        assert_eq!(
            (todo.len(), total),
            (120, 120),
            "the demo starts without vectors"
        );
        keep(&mut store, &mut stale, &todo, true);
        assert!(
            stale.todo(&store).expect("look").0.is_empty(),
            "all current"
        );

        // A changed statement is listed; a changed tag (another revision, the same text) is not.
        let mut n = store.need_for_edit("n001").expect("n001").value;
        n.statement.push_str(" – och på helgerna");
        store.save_need(&n).expect("save n001");
        let mut m = store.need_for_edit("n002").expect("n002").value;
        m.important = !m.important;
        store.save_need(&m).expect("save n002");
        let (todo, total) = stale.todo(&store).expect("look");
        assert_eq!(
            todo.iter().map(|t| t.need_id.as_str()).collect::<Vec<_>>(),
            ["n001"]
        );
        assert_eq!(total, 120);
        assert!(
            todo[0].text.contains("på helgerna"),
            "the new text is what is embedded"
        );

        // Not kept (a cancelled pass): listed again on the next look.
        assert_eq!(stale.todo(&store).expect("look").0.len(), 1);
        keep(&mut store, &mut stale, &todo, true);
        assert!(stale.todo(&store).expect("look").0.is_empty());

        // A deleted need leaves the count; a new one is listed.
        store.delete_needs(&["n003".into()]).expect("delete");
        let mut new = n.clone();
        new.id = String::new();
        new.statement = "En helt ny röst om läsplatser".into();
        store.save_need(&new).expect("add");
        let (todo, total) = stale.todo(&store).expect("look");
        assert_eq!(total, 120);
        assert_eq!(todo.len(), 1);
        assert!(todo[0].text.starts_with("En helt ny röst"));
    }

    #[test]
    fn vectors_kept_only_in_memory_are_not_made_again() {
        // A read-only project cannot store vectors: once kept in memory, a need is current.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = create_demo(&dir.path().join("demo.medskapa")).expect("demo");
        let mut stale = Stale::new();
        let (todo, _) = stale.todo(&store).expect("first look");
        keep(&mut store, &mut stale, &todo, false);
        assert!(stale.todo(&store).expect("look").0.is_empty());
        // The store itself still lists them all (nothing was written).
        assert_eq!(store.embedding_todo(MODEL_ID).expect("todo").len(), 120);
    }
}
