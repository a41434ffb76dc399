//! A generated project shaped for measuring one brief: the decision with the most needs
//! behind it, given a chosen number of needs to list.

use std::collections::{HashMap, HashSet};

use crate::domain::model::{BriefTarget, Project};

/// The decision with the most needs behind it (needs heard in the dialogues that inform
/// its key questions); ties go to the smallest id. `None` when there is no decision.
pub fn busiest_decision(p: &Project) -> Option<String> {
    let mut needs_of_activity: HashMap<&str, usize> = HashMap::new();
    for n in &p.needs {
        if let Some(a) = &n.activity_id {
            *needs_of_activity.entry(a.as_str()).or_default() += 1;
        }
    }
    let mut per_question: HashMap<&str, usize> = HashMap::new();
    for a in &p.activities {
        let k = needs_of_activity.get(a.id.as_str()).copied().unwrap_or(0);
        for q in &a.key_question_ids {
            *per_question.entry(q.as_str()).or_default() += k;
        }
    }
    let mut per_decision: HashMap<&str, usize> =
        p.decisions.iter().map(|d| (d.id.as_str(), 0)).collect();
    for q in &p.key_questions {
        if let Some(d) = &q.decision_id {
            if let Some(count) = per_decision.get_mut(d.as_str()) {
                *count += per_question.get(q.id.as_str()).copied().unwrap_or(0);
            }
        }
    }
    per_decision
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| id.to_string())
}

/// Make `decision`'s brief list at least `needs` needs (as many as the project has, if
/// fewer): needs heard in dialogues that do not inform it are moved, in order, to the
/// first of its own dialogues. Nothing moves when the decision has no dialogue.
pub fn gather_needs(p: &mut Project, decision: &str, needs: usize) {
    let (acts, cited) = p.brief_sources(&BriefTarget::Decision(decision.to_string()));
    let acts: HashSet<String> = acts.into_iter().collect();
    let cited: HashSet<String> = cited.into_iter().collect();
    let related = |n: &crate::domain::model::Need| {
        n.activity_id.as_ref().is_some_and(|a| acts.contains(a)) || cited.contains(&n.id)
    };
    let mut count = p.needs.iter().filter(|n| related(n)).count();
    let Some(to) = acts.iter().min().cloned() else {
        return;
    };
    for n in &mut p.needs {
        if count >= needs {
            break;
        }
        if !related(n) {
            n.activity_id = Some(to.clone());
            count += 1;
        }
    }
}
