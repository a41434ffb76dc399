//! Look-ups into the project by id, and the ordering and grouping of its activities
//! and needs that the brief and the feedback sheet share.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::words::words;
use crate::domain::model::*;
use crate::support::lang::Lang;

/// The project's items by id, built once per document.
pub(crate) struct Index<'a> {
    pub p: &'a Project,
    pub tags: HashMap<&'a str, &'a Tag>,
    pub segments: HashMap<&'a str, &'a Segment>,
    pub activities: HashMap<&'a str, &'a Activity>,
    pub decisions: HashMap<&'a str, &'a Decision>,
    pub needs: HashMap<&'a str, &'a Need>,
    pub needs_by_activity: HashMap<&'a str, Vec<&'a Need>>,
}

impl<'a> Index<'a> {
    pub fn new(p: &'a Project) -> Index<'a> {
        let mut needs_by_activity: HashMap<&str, Vec<&Need>> = HashMap::new();
        for n in &p.needs {
            if let Some(a) = n.activity_id.as_deref() {
                needs_by_activity.entry(a).or_default().push(n);
            }
        }
        Index {
            p,
            tags: p.tags.iter().map(|t| (t.id.as_str(), t)).collect(),
            segments: p.segments.iter().map(|s| (s.id.as_str(), s)).collect(),
            activities: p.activities.iter().map(|a| (a.id.as_str(), a)).collect(),
            decisions: p.decisions.iter().map(|d| (d.id.as_str(), d)).collect(),
            needs: p.needs.iter().map(|n| (n.id.as_str(), n)).collect(),
            needs_by_activity,
        }
    }

    /// The top-level ancestor of a tag (the tag itself when it has no parent).
    pub fn top_tag(&self, id: &'a str) -> Option<&'a Tag> {
        let mut cur = *self.tags.get(id)?;
        let mut seen = HashSet::new();
        while let Some(parent) = cur.parent_id.as_deref() {
            if !seen.insert(cur.id.as_str()) {
                break;
            }
            match self.tags.get(parent) {
                Some(t) => cur = t,
                None => break,
            }
        }
        Some(cur)
    }

    pub fn tag_name(&self, id: &str) -> String {
        self.tags
            .get(id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn segment_name(&self, id: &str) -> String {
        self.segments
            .get(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Activities linked to a key question, by date then title.
    pub fn activities_of(&self, qid: &str) -> Vec<&'a Activity> {
        let mut v: Vec<&Activity> = self
            .p
            .activities
            .iter()
            .filter(|a| a.key_question_ids.iter().any(|k| k == qid))
            .collect();
        v.sort_by_key(|a| activity_order(a));
        v
    }

    /// Needs heard in the given activities, in activity order.
    pub fn needs_of(&self, acts: &[&'a Activity]) -> Vec<&'a Need> {
        let mut out = Vec::new();
        for a in acts {
            if let Some(v) = self.needs_by_activity.get(a.id.as_str()) {
                let mut v = v.clone();
                v.sort_by(|x, y| x.id.cmp(&y.id));
                out.extend(v);
            }
        }
        out
    }

    pub fn activity_title(&self, id: Option<&str>) -> String {
        id.and_then(|i| self.activities.get(i))
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}

/// Activities by start (undated last), then title and id.
pub(super) fn activity_order(a: &Activity) -> (String, String, String) {
    (
        a.starts_at.clone().unwrap_or_else(|| "9999".into()),
        a.title.clone(),
        a.id.clone(),
    )
}

/// Needs grouped by top-level tag: (tag name, needs), the largest group first, needs
/// without a tag last.
pub(super) fn group_by_theme<'a>(
    ix: &Index<'a>,
    lang: Lang,
    needs: &[&'a Need],
) -> Vec<(String, Vec<&'a Need>)> {
    let mut groups: BTreeMap<&str, (String, Vec<&Need>)> = BTreeMap::new();
    let mut untagged = Vec::new();
    for n in needs {
        let mut tops: BTreeSet<&str> = BTreeSet::new();
        for t in &n.tag_ids {
            match ix.top_tag(t) {
                Some(top) => {
                    tops.insert(top.id.as_str());
                }
                None => {
                    tops.insert(t.as_str());
                }
            }
        }
        if tops.is_empty() {
            untagged.push(*n);
        }
        for t in tops {
            groups
                .entry(t)
                .or_insert_with(|| (ix.tag_name(t), Vec::new()))
                .1
                .push(*n);
        }
    }
    let mut out: Vec<(String, Vec<&Need>)> = groups.into_values().collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    if !untagged.is_empty() {
        out.push((words(lang).untagged.to_string(), untagged));
    }
    out
}

/// Needs ordered for quoting: important first, then those with a quote, then by id.
pub(crate) fn quote_order(needs: &mut [&Need]) {
    needs.sort_by(|a, b| {
        b.important
            .cmp(&a.important)
            .then_with(|| a.quote.trim().is_empty().cmp(&b.quote.trim().is_empty()))
            .then_with(|| a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_tag_survives_cycles() {
        let mut p = Project::default();
        p.tags.push(Tag {
            id: "a".into(),
            name: "A".into(),
            parent_id: Some("b".into()),
            ..Tag::default()
        });
        p.tags.push(Tag {
            id: "b".into(),
            name: "B".into(),
            parent_id: Some("a".into()),
            ..Tag::default()
        });
        let ix = Index::new(&p);
        assert!(ix.top_tag("a").is_some());
    }
}
