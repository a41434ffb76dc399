//! The project's frame, made before any dialogue: its effect goals, the segments it wants
//! to hear, and the codebook needs are tagged with.

use super::rng::{Rng, Zipf};
use super::words::{QUALIFIERS, SEGMENTS, THEMES};
use super::Gen;
use crate::domain::model::*;

/// The project's segments and how often each is heard.
pub(super) struct Segments {
    pub ids: Vec<String>,
    pub weights: Vec<u64>,
    /// The priority segment no activity reached, if the plan has one.
    pub unheard: Option<String>,
}

/// How often each tag is used: a shuffled rank, drawn from by Zipf's law.
pub(super) struct TagPopularity {
    rank: Vec<usize>,
    zipf: Zipf,
}

impl TagPopularity {
    /// A tag's index into the project's tags.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        self.rank[self.zipf.sample(rng)]
    }
}

/// The project's four effect goals; returns their ids.
pub(super) fn effect_goals(g: &mut Gen, p: &mut Project) -> Vec<String> {
    let goal_titles = [
        "En central nod för invånarna i den smarta staden",
        "Invånarnas plats för innovation och kunskapsdelning",
        "Invånarnas plats för lokal demokrati och delaktighet",
        "Förändra bilden av biblioteket och bli bättre på att visa upp vad vi erbjuder",
    ];
    for (i, t) in goal_titles.iter().enumerate() {
        p.effect_goals.push(EffectGoal {
            id: g.id(),
            code: format!("E{}", i + 1),
            title: (*t).into(),
            description: String::new(),
        });
    }
    p.effect_goals.iter().map(|g| g.id.clone()).collect()
}

/// Where the synthetic resident figures come from.
const SOURCE: &str = "Exempel – inte officiell statistik";

/// 8–12 segments, two of them priority, each with a resident figure (500–40,000, in
/// hundreds). Segments are heard in proportion to the residents they stand for, the
/// priority ones twice as often (the project seeks them out); with `unheard`, the second
/// priority segment is never reached.
pub(super) fn segments(g: &mut Gen, p: &mut Project, unheard: bool) -> Segments {
    let rng = &mut g.rng;
    let n_segments = rng.range(8, 12) as usize;
    let mut order: Vec<usize> = (0..SEGMENTS.len()).collect();
    rng.shuffle(&mut order[1..]); // "Icke-användare" always takes part
    order.truncate(n_segments);
    order.sort_unstable();
    let mut priority = [0usize, 1 + rng.below(n_segments as u64 - 1) as usize];
    priority.sort_unstable();
    for (k, &i) in order.iter().enumerate() {
        p.segments.push(Segment {
            id: g.id(),
            name: SEGMENTS[i].0.into(),
            description: SEGMENTS[i].1.into(),
            priority: priority.contains(&k),
            residents: Some(100 * (5 + g.rng.below(396) as u32)),
            residents_source: SOURCE.into(),
        });
    }
    let ids: Vec<String> = p.segments.iter().map(|s| s.id.clone()).collect();
    let weights: Vec<u64> = p
        .segments
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let base = u64::from(s.residents.unwrap_or(0) / 100);
            match (s.priority, unheard && k == priority[1]) {
                (_, true) => 0,
                (true, false) => 2 * base,
                (false, false) => base,
            }
        })
        .collect();
    Segments {
        unheard: unheard.then(|| ids[priority[1]].clone()),
        ids,
        weights,
    }
}

/// The codebook: themes, their children, and grandchildren.
pub(super) fn codebook(g: &mut Gen, p: &mut Project) -> TagPopularity {
    for (theme, color, children) in THEMES.iter() {
        let theme_id = g.id();
        p.tags.push(Tag {
            id: theme_id.clone(),
            name: (*theme).into(),
            parent_id: None,
            color: (*color).into(),
            description: format!("Tema: {theme}."),
        });
        let n_children =
            g.rng
                .range(children.len() as i64 - 3, children.len() as i64) as usize;
        for child in children.iter().take(n_children) {
            let child_id = g.id();
            p.tags.push(Tag {
                id: child_id.clone(),
                name: (*child).into(),
                parent_id: Some(theme_id.clone()),
                color: (*color).into(),
                description: String::new(),
            });
            let mut quals: Vec<&str> = QUALIFIERS.to_vec();
            g.rng.shuffle(&mut quals);
            for q in quals.iter().take(g.rng.range(2, 6) as usize) {
                p.tags.push(Tag {
                    id: g.id(),
                    name: format!("{child}: {q}"),
                    parent_id: Some(child_id.clone()),
                    color: (*color).into(),
                    description: String::new(),
                });
            }
        }
    }
    // Popularity: a shuffled order of all tags; leaves are used more than themes.
    let mut rank: Vec<usize> = (0..p.tags.len()).collect();
    g.rng.shuffle(&mut rank);
    let zipf = Zipf::new(rank.len());
    TagPopularity { rank, zipf }
}
