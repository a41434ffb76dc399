//! A large synthetic project for benchmarks: `medskapa generate FILE --needs N …`.
//!
//! The output depends only on the arguments. Randomness comes from a small SplitMix64
//! generator of our own (no crate: its sequence can never change under us with a
//! dependency update), and every weight is an integer, so no floating-point rounding can
//! make two machines disagree. Ids are shaped like the UUID v7 ids the app creates (a
//! rising millisecond stamp, then random bits), so indexes hold keys of realistic length
//! and creation order is id order, as in a real project.
//!
//! The shape follows the Helsingborg library case: the four insight themes at the top of
//! a three-level codebook whose use falls off like Zipf's law (a few tags carry most needs,
//! a long tail carries a few each), 8–12 segments of which two are priority, decisions
//! spread over 2025–2030, key questions dated before their decisions (a few after, so the
//! planning check has errors to find), activities before the questions they inform,
//! needs heard in held activities with an anonymous quote on about a third, and insights
//! whose evidence shares a tag.

use std::path::Path;

use chrono::{Duration, NaiveDate};

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::domain::model::*;
use crate::store::Store;

/// The largest sizes `generate` accepts (a 2-million-need file is about 1 GB).
pub const MAX_NEEDS: u64 = 2_000_000;
pub const MAX_ACTIVITIES: u64 = 200_000;
pub const MAX_QUESTIONS: u64 = 50_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub needs: u64,
    pub activities: u64,
    pub questions: u64,
    pub seed: u64,
}

impl GenerateOptions {
    /// The benchmark shape: N needs, N/10 activities, N/100 key questions.
    pub fn scaled(needs: u64, seed: u64) -> GenerateOptions {
        GenerateOptions {
            needs,
            activities: (needs / 10).max(2),
            questions: (needs / 100).max(5),
            seed,
        }
    }

    /// Refuse sizes out of range, naming the argument.
    pub fn check(&self) -> Result<()> {
        for (name, v, max) in [
            ("--needs", self.needs, MAX_NEEDS),
            ("--activities", self.activities, MAX_ACTIVITIES),
            ("--questions", self.questions, MAX_QUESTIONS),
        ] {
            if v > max {
                return Err(CoreError::invalid(format!(
                    "{name}: {v} is too many (at most {max})"
                )));
            }
        }
        Ok(())
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Mix the seed once so that seeds 0, 1, 2 … start far apart.
        let mut r = Rng(seed ^ 0x6A09_E667_F3BC_C909);
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-and-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given integer weights.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Draws ranks `0..n` with probability proportional to `1/(rank+1)` (Zipf, s = 1), in
/// integer arithmetic.
struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut acc = 0u64;
        let cumulative = (0..n as u64)
            .map(|k| {
                acc += 1_000_000_000 / (k + 1);
                acc
            })
            .collect();
        Zipf { cumulative }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// Ids shaped like UUID v7: a millisecond stamp that rises with every id, then random bits.
struct Ids {
    ms: u64,
}

impl Ids {
    fn next(&mut self, rng: &mut Rng) -> String {
        self.ms += 1 + rng.below(3);
        let r = rng.next_u64();
        let a = (r >> 52) & 0xfff;
        let b = (r & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
            self.ms >> 16,
            self.ms & 0xffff,
            a,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

const THEMES: [(&str, &str, &[&str]); 4] = [
    (
        "Invånarnas mötesplats",
        "#d9822b",
        &[
            "Öppettider",
            "Sittplatser och vistelse",
            "Café och mat",
            "Barnens bibliotek",
            "Ungas rum",
            "Tysta rum",
            "Kreativa rum och studios",
            "Stadsparken",
            "Trygghet och bemötande",
            "Tillgänglighet",
        ],
    ),
    (
        "En plats för läsinspiration, information och kunskap",
        "#3366aa",
        &[
            "Läsfrämjande och boktips",
            "Digital kompetens och vägledning",
            "Språk och flerspråkighet",
            "Läxhjälp och studiestöd",
            "Tidningar och tidskrifter",
            "Lokalhistoria",
            "Föreläsningar och kurser",
            "Samhällsinformation",
        ],
    ),
    (
        "En plats för demokrati och delaktighet",
        "#8e44ad",
        &[
            "Debatt och samtal",
            "Möten med politiker och förvaltningar",
            "Lokaler för föreningar",
            "Invånarförslag",
            "Ungas inflytande",
            "Återkoppling till invånarna",
            "Medskapande program",
        ],
    ),
    (
        "Hållbarhet och delade resurser",
        "#2e8b57",
        &[
            "Lånemöjligheter för saker",
            "Återbruk och lagning",
            "Avgiftsfritt och tillgängligt",
            "Grönska och odling",
            "Energi och byggnad",
            "Delade arbetsplatser",
            "Resor och cykelparkering",
        ],
    ),
];

const QUALIFIERS: &[&str] = &[
    "kvällar",
    "helger",
    "sommarlov",
    "barnfamiljer",
    "unga vuxna",
    "seniorer",
    "nyanlända",
    "föreningar",
    "studenter",
    "skolklasser",
    "personer med funktionsnedsättning",
    "pendlare",
    "digitalt",
    "utomhus",
    "på lätt svenska",
    "på flera språk",
    "stora grupper",
    "små grupper",
    "i närområdet",
    "vintertid",
];

const SEGMENTS: &[(&str, &str)] = &[
    (
        "Icke-användare",
        "Helsingborgare som inte använder biblioteket i dag.",
    ),
    ("Unga 13–19", "Tonåringar, i skolan och på fritiden."),
    ("Barnfamiljer", "Föräldrar med barn under tolv år."),
    ("Seniorer", "Invånare över 65 år."),
    (
        "Föreningar och civilsamhälle",
        "Föreningar, studieförbund och nätverk.",
    ),
    (
        "Studenter",
        "Studerande vid Campus Helsingborg och folkhögskolor.",
    ),
    (
        "Nyanlända",
        "Invånare som bott i Sverige kortare tid än fem år.",
    ),
    ("Personal", "Bibliotekets och förvaltningens medarbetare."),
    (
        "Personer med funktionsnedsättning",
        "Invånare med fysisk eller kognitiv funktionsnedsättning.",
    ),
    (
        "Företagare och kreatörer",
        "Egenföretagare, kulturskapare och småföretag.",
    ),
    (
        "Boende i Drottninghög och Dalhem",
        "Invånare i stadsdelar med låg bibliotekstäthet.",
    ),
    (
        "Pendlare",
        "De som passerar Knutpunkten på väg till och från jobbet.",
    ),
];

const DECISIONS: &[&str] = &[
    "Inriktningsbeslut för verksamheten",
    "Lokalprogram",
    "Relationen till Stadsparken",
    "Val av gestaltningsförslag",
    "Öppettider och bemanningsmodell",
    "Budget för inredning och utrustning",
    "Ungas rum",
    "Mötesrum och föreningslokaler",
    "Café och servering",
    "Meröppet och självservice",
    "Skyltning och vägvisning",
    "Hållbarhetsprofil för byggnaden",
    "Utlåning av saker",
    "Konstnärlig gestaltning",
    "Invigningsprogram",
    "Digital infrastruktur",
];

const FORUMS: &[&str] = &[
    "Kulturnämnden",
    "Styrgrupp",
    "Kommunstyrelsen",
    "Projektgrupp",
    "Kommunfullmäktige",
];

const AREAS: &[&str] = &[
    "öppettiderna",
    "entréplanet",
    "barnavdelningen",
    "Ungas rum",
    "de tysta läsesalarna",
    "caféet",
    "scenen och hörsalen",
    "mötesrummen",
    "makerspace och studios",
    "utlåningen av saker",
    "relationen till Stadsparken",
    "den digitala vägledningen",
    "skyltningen",
    "föreningslokalerna",
    "takterrassen",
    "programverksamheten",
];

const GROUPS: &[&str] = &[
    "unga",
    "barnfamiljer",
    "seniorer",
    "föreningar",
    "studenter",
    "nyanlända",
    "de som inte använder biblioteket i dag",
    "de som arbetar skift",
    "alla helsingborgare",
    "personer med funktionsnedsättning",
];

const THINGS: &[&str] = &[
    "tysta studieplatser",
    "fler sittplatser",
    "ett café med rimliga priser",
    "bättre belysning",
    "en scen som föreningar själva kan boka",
    "lånebara verktyg",
    "fler böcker på lätt svenska",
    "läxhjälp",
    "grupprum",
    "en ljudstudio",
    "3D-skrivare",
    "laddplatser för mobilen",
    "gratis wifi som fungerar",
    "skötbord och amningsrum",
    "en lekhörna",
    "böcker på arabiska och ukrainska",
    "tidningar från hela världen",
    "personlig digital vägledning",
    "en ateljé",
    "öppna workshoppar",
    "ytor för utställningar",
    "en plats att äta medhavd mat",
    "säker cykelparkering",
    "tydlig skyltning",
    "hörslinga i alla rum",
    "ramper och stora hissar",
    "en återbruksstation",
    "en syverkstad",
    "ett lagningscafé",
    "stadsodling på taket",
    "sagostunder",
    "bokcirklar",
    "författarsamtal",
    "ett medborgarkontor",
    "debattkvällar",
    "språkcaféer",
    "spelkvällar med brädspel",
    "ett musikrum",
    "möbler som går att flytta",
    "toaletter som är öppna för alla",
];

const ACTIONS: &[&str] = &[
    "boka grupprum",
    "låna verktyg och utrustning",
    "plugga i lugn och ro",
    "träffa vänner utan att köpa något",
    "möta politiker och tjänstepersoner",
    "prova ny teknik tillsammans med någon som kan",
    "laga kläder och cyklar",
    "hitta personliga boktips",
    "få hjälp med e-legitimation",
    "läsa dagens tidningar",
    "ta med barnen utan att störa",
    "spela brädspel",
    "ställa ut konst",
    "arrangera egna evenemang",
    "öva svenska med andra",
    "skriva ansökningar",
    "sitta ute i parken med en bok",
    "arbeta på distans en dag i veckan",
    "lyssna på föreläsningar",
    "lämna förslag på vad biblioteket ska köpa in",
];

const WHEN: &[&str] = &[
    "på kvällarna",
    "på helgerna",
    "under sommarlovet",
    "efter skolan",
    "tidigt på morgonen",
    "under lunchen",
    "året runt",
    "på söndagar",
    "under höstlovet",
    "när det regnar",
];

const WHERE: &[&str] = &[
    "nära Stadsparken",
    "i entréplanet",
    "vid Knutpunkten",
    "i ett eget rum",
    "utomhus",
    "på taket",
    "med utsikt mot Öresund",
    "i barnavdelningen",
    "i hela huset",
    "på de mindre biblioteken också",
];

const PLACES: &[&str] = &[
    "Stadsbiblioteket, Hörsalen",
    "Drottninghög, torget",
    "Dalhem, fritidsgården",
    "Väla centrum",
    "Campus Helsingborg",
    "Stadsparken, gräsytan vid entrén",
    "Råå, folkets hus",
    "Söder, Gröningen",
    "Husensjö skola",
    "Ödåkra bibliotek",
    "Mariastaden, träffpunkten",
    "Knutpunkten, vänthallen",
    "Fredriksdal, friluftsmuseet",
    "dialog.helsingborg.se/nyttstadsbibliotek",
];

const STAFF: &[&str] = &[
    "Josefin Andersson",
    "Sofia Svensson",
    "Emir Hodžić",
    "Lina Berg",
    "Maria Ek",
    "Anders Nilsson",
    "Björn Åkesson",
    "Fatima Yousef",
    "Karin Sjöström",
    "Jonas Öberg",
];

const METHOD_SV: &[(Method, &str, u64)] = &[
    (Method::Workshop, "Workshop", 20),
    (Method::Popup, "Pop-up", 18),
    (Method::Survey, "Enkät", 10),
    (Method::Interview, "Intervjuer", 12),
    (Method::FocusGroup, "Fokusgrupp", 12),
    (Method::Walk, "Stadsvandring", 6),
    (Method::Digital, "Digital dialog", 10),
    (Method::Information, "Informationsmöte", 7),
    (Method::Other, "Samtalskväll", 5),
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn statement(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("Behov av {} {}.", rng.pick(THINGS), rng.pick(WHERE)),
        1 => format!("Vill kunna {} {}.", rng.pick(ACTIONS), rng.pick(WHEN)),
        2 => format!("Önskar {} för {}.", rng.pick(THINGS), rng.pick(GROUPS)),
        3 => format!(
            "Saknar {} och vill kunna {}.",
            rng.pick(THINGS),
            rng.pick(ACTIONS)
        ),
        4 => format!(
            "{} behöver {} {}.",
            capitalise(rng.pick::<&str>(GROUPS)),
            rng.pick(THINGS),
            rng.pick(WHEN)
        ),
        _ => format!(
            "Biblioteket bör göra det lättare att {} {}.",
            rng.pick(ACTIONS),
            rng.pick(WHERE)
        ),
    }
}

fn quote(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => format!(
            "Jag skulle komma oftare om det gick att {}.",
            rng.pick(ACTIONS)
        ),
        1 => format!(
            "Det finns ingenstans i stan där man kan {} {}.",
            rng.pick(ACTIONS),
            rng.pick(WHEN)
        ),
        2 => format!(
            "Hade det funnits {} hade jag varit här varje vecka.",
            rng.pick(THINGS)
        ),
        3 => format!(
            "Vi i föreningen har letat efter lokal i {} år.",
            rng.range(2, 9)
        ),
        4 => "Biblioteket känns som ett ställe för andra, inte för mig.".into(),
        5 => format!(
            "Här vill jag kunna vara {} utan att behöva köpa något.",
            rng.pick(WHEN)
        ),
        6 => format!(
            "Jag vet inte ens att man får {} på biblioteket.",
            rng.pick(ACTIONS)
        ),
        _ => format!(
            "Med två småbarn känner man sig alltid i vägen, särskilt {}.",
            rng.pick(WHEN)
        ),
    }
}

fn question_title(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!(
            "Hur ska {} utformas för {}?",
            rng.pick(AREAS),
            rng.pick(GROUPS)
        ),
        1 => format!("Vad behöver {} av {}?", rng.pick(GROUPS), rng.pick(AREAS)),
        2 => format!("När behöver invånarna {}?", rng.pick(THINGS)),
        3 => format!("Vilka behov ska prioriteras för {}?", rng.pick(AREAS)),
        _ => format!("Vad är redan bestämt om {}?", rng.pick(AREAS)),
    }
}

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The date the synthetic project is "seen from": activities before it have been held.
fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).expect("valid date")
}

/// Build the project in memory. The same options give the same project, field by field.
pub fn generate(opts: &GenerateOptions) -> Project {
    let mut rng = Rng::new(opts.seed);
    // 2026-01-01T00:00:00Z in milliseconds: ids look like ones made during the project.
    let mut ids = Ids {
        ms: 1_767_225_600_000,
    };
    let reference = reference_date();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    let span_days = (NaiveDate::from_ymd_opt(2030, 12, 31).expect("valid date") - start).num_days();

    let mut p = Project {
        project: ProjectInfo {
            name: format!(
                "Nytt stadsbibliotek – syntetiskt ({} behov, frö {})",
                opts.needs, opts.seed
            ),
            description: "Genererat testprojekt för prestandamätningar. Texterna är påhittade \
                          men formade som i Helsingborgs projekt för ett nytt stadsbibliotek."
                .into(),
        },
        ..Project::default()
    };

    // Effect goals: the project's four.
    let goal_titles = [
        "En central nod för invånarna i den smarta staden",
        "Invånarnas plats för innovation och kunskapsdelning",
        "Invånarnas plats för lokal demokrati och delaktighet",
        "Förändra bilden av biblioteket och bli bättre på att visa upp vad vi erbjuder",
    ];
    for (i, t) in goal_titles.iter().enumerate() {
        p.effect_goals.push(EffectGoal {
            id: ids.next(&mut rng),
            code: format!("E{}", i + 1),
            title: (*t).into(),
            description: String::new(),
        });
    }
    let goal_ids: Vec<String> = p.effect_goals.iter().map(|g| g.id.clone()).collect();

    // Segments: 8–12, two of them priority.
    let n_segments = rng.range(8, 12) as usize;
    let mut order: Vec<usize> = (0..SEGMENTS.len()).collect();
    rng.shuffle(&mut order[1..]); // "Icke-användare" always takes part
    order.truncate(n_segments);
    order.sort_unstable();
    let mut priority = [0usize, 1 + rng.below(n_segments as u64 - 1) as usize];
    priority.sort_unstable();
    for (k, &i) in order.iter().enumerate() {
        p.segments.push(Segment {
            id: ids.next(&mut rng),
            name: SEGMENTS[i].0.into(),
            description: SEGMENTS[i].1.into(),
            priority: priority.contains(&k),
        });
    }
    let seg_ids: Vec<String> = p.segments.iter().map(|s| s.id.clone()).collect();
    // Segments are heard unevenly; the second priority segment is hard to reach.
    let seg_weights: Vec<u64> = (0..seg_ids.len())
        .map(|k| {
            if k == priority[1] {
                2
            } else {
                12 + rng.below(20)
            }
        })
        .collect();

    // The codebook: themes, their children, and grandchildren.
    for (theme, color, children) in THEMES.iter() {
        let theme_id = ids.next(&mut rng);
        p.tags.push(Tag {
            id: theme_id.clone(),
            name: (*theme).into(),
            parent_id: None,
            color: (*color).into(),
            description: format!("Tema: {theme}."),
        });
        let n_children = rng.range(children.len() as i64 - 3, children.len() as i64) as usize;
        for child in children.iter().take(n_children) {
            let child_id = ids.next(&mut rng);
            p.tags.push(Tag {
                id: child_id.clone(),
                name: (*child).into(),
                parent_id: Some(theme_id.clone()),
                color: (*color).into(),
                description: String::new(),
            });
            let mut quals: Vec<&str> = QUALIFIERS.to_vec();
            rng.shuffle(&mut quals);
            for q in quals.iter().take(rng.range(2, 6) as usize) {
                p.tags.push(Tag {
                    id: ids.next(&mut rng),
                    name: format!("{child}: {q}"),
                    parent_id: Some(child_id.clone()),
                    color: (*color).into(),
                    description: String::new(),
                });
            }
        }
    }
    // Popularity: a shuffled order of all tags; leaves are used more than themes.
    let mut tag_rank: Vec<usize> = (0..p.tags.len()).collect();
    rng.shuffle(&mut tag_rank);
    let zipf = Zipf::new(tag_rank.len());

    // Decisions, spread over the years, roughly one per eight questions.
    let n_decisions = (opts.questions / 8).clamp(3, 2_000);
    let mut decision_dates = Vec::new();
    for k in 0..n_decisions {
        let base = DECISIONS[k as usize % DECISIONS.len()];
        let round = k as usize / DECISIONS.len();
        let date = start + Duration::days(60 + rng.below(span_days as u64 - 60) as i64);
        let decided = date < reference;
        let forum = rng.pick(FORUMS);
        p.decisions.push(Decision {
            id: ids.next(&mut rng),
            title: if round == 0 {
                base.into()
            } else {
                format!("{base} – etapp {}", round + 1)
            },
            description: format!(
                "{forum} beslutar om {} utifrån vad invånarna har sagt.",
                rng.pick(AREAS)
            ),
            decision_date: Some(date_str(date)),
            forum: (*forum).into(),
            status: if decided {
                DecisionStatus::Decided
            } else {
                DecisionStatus::Planned
            },
            outcome: if decided {
                format!("Beslutet fattades med hänsyn till {}.", rng.pick(GROUPS))
            } else {
                String::new()
            },
            brief_summary: format!(
                "Invånarna har framför allt efterfrågat **{}** och **{}**.",
                rng.pick(THINGS),
                rng.pick(THINGS)
            ),
            brief_proposal: String::new(),
        });
        decision_dates.push(date);
    }

    // Key questions: most belong to a decision and are needed a while before it.
    let mut q_deadline: Vec<NaiveDate> = Vec::new();
    for _ in 0..opts.questions {
        let decision = if rng.percent(92) {
            Some(rng.below(n_decisions) as usize)
        } else {
            None
        };
        let needed_by = match decision {
            Some(d) => {
                let dd = decision_dates[d];
                if rng.percent(5) {
                    None
                } else if rng.percent(3) {
                    Some(dd + Duration::days(rng.range(1, 30))) // too late: an error
                } else {
                    Some(dd - Duration::days(rng.range(14, 90)))
                }
            }
            None => Some(start + Duration::days(rng.below(span_days as u64) as i64)),
        };
        let deadline = needed_by
            .or_else(|| decision.map(|d| decision_dates[d]))
            .unwrap_or(reference);
        q_deadline.push(deadline);
        let decided = decision.is_some_and(|d| p.decisions[d].status == DecisionStatus::Decided);
        let status = if decided && rng.percent(90) {
            QuestionStatus::Answered
        } else {
            match rng.weighted(&[60, 30, 10]) {
                0 => QuestionStatus::Open,
                1 => QuestionStatus::InProgress,
                _ => QuestionStatus::Answered,
            }
        };
        let level = InfluenceLevel::ALL[rng.weighted(&[15, 30, 30, 18, 7])];
        let mut goals: Vec<String> = vec![rng.pick(&goal_ids).clone()];
        if rng.percent(40) {
            let g = rng.pick(&goal_ids).clone();
            if !goals.contains(&g) {
                goals.push(g);
            }
        }
        p.key_questions.push(KeyQuestion {
            id: ids.next(&mut rng),
            title: question_title(&mut rng),
            description: format!(
                "Vi behöver veta vad {} tycker innan vi bestämmer oss.",
                rng.pick(GROUPS)
            ),
            decision_id: decision.map(|d| p.decisions[d].id.clone()),
            needed_by: needed_by.map(date_str),
            influence_level: level,
            open_to_influence: if level == InfluenceLevel::Inform {
                String::new()
            } else {
                format!("Hur {} ska fungera och för vem.", rng.pick(AREAS))
            },
            fixed: "Byggnadens placering och den totala budgeten.".into(),
            promise: "Vi återkopplar vad vi gjort med era synpunkter inom sex veckor.".into(),
            owner: (*rng.pick(STAFF)).into(),
            status,
            answer: if status == QuestionStatus::Answered {
                format!("Invånarna prioriterar {}.", rng.pick(THINGS))
            } else {
                String::new()
            },
            effect_goal_ids: goals,
        });
    }

    // Activities: each informs one to three questions and is held before the first one's
    // deadline (a few after, so the check has late activities to report).
    let mut held: Vec<usize> = Vec::new();
    let method_weights: Vec<u64> = METHOD_SV.iter().map(|m| m.2).collect();
    for k in 0..opts.activities {
        let mut qs: Vec<usize> = Vec::new();
        if opts.questions > 0 && rng.percent(95) {
            for _ in 0..rng.weighted(&[0, 60, 30, 10]) {
                let q = rng.below(opts.questions) as usize;
                if !qs.contains(&q) {
                    qs.push(q);
                }
            }
        }
        let anchor = qs
            .first()
            .map(|&q| q_deadline[q])
            .unwrap_or_else(|| start + Duration::days(rng.below(span_days as u64) as i64));
        let day = if rng.percent(6) {
            anchor + Duration::days(rng.range(1, 40))
        } else {
            anchor - Duration::days(rng.range(5, 150))
        };
        let inform_only = qs
            .first()
            .is_some_and(|&q| p.key_questions[q].influence_level == InfluenceLevel::Inform);
        let m = if inform_only && rng.percent(85) {
            7
        } else {
            rng.weighted(&method_weights)
        };
        let (method, method_name, _) = METHOD_SV[m];
        let hour = rng.range(9, 19);
        let minute = if rng.percent(50) { 0 } else { 30 };
        let starts = day.and_hms_opt(hour as u32, minute, 0).expect("valid time");
        let ends = starts + Duration::minutes(60 * rng.range(1, 3));
        let status = if day < reference {
            if rng.percent(55) {
                ActivityStatus::ReportedBack
            } else {
                ActivityStatus::Held
            }
        } else {
            ActivityStatus::Planned
        };
        let mut participants: Vec<Participants> = Vec::new();
        if status != ActivityStatus::Planned {
            for _ in 0..rng.range(1, 4) {
                let s = rng.weighted(&seg_weights);
                let id = &seg_ids[s];
                if !participants.iter().any(|pt| &pt.segment_id == id) {
                    let count = if method == Method::Survey {
                        rng.range(20, 400)
                    } else {
                        rng.range(2, 40)
                    };
                    participants.push(Participants {
                        segment_id: id.clone(),
                        count: count as u32,
                    });
                }
            }
            held.push(k as usize);
        }
        let staff_n = rng.range(1, 3) as usize;
        let organisers: Vec<&str> = (0..staff_n).map(|_| *rng.pick(STAFF)).collect();
        let mut organisers_uniq: Vec<&str> = Vec::new();
        for o in organisers {
            if !organisers_uniq.contains(&o) {
                organisers_uniq.push(o);
            }
        }
        let place = *rng.pick(PLACES);
        let area = *rng.pick(AREAS);
        p.activities.push(Activity {
            id: ids.next(&mut rng),
            title: format!("{method_name} om {area}, {place}"),
            method,
            starts_at: Some(starts.format("%Y-%m-%dT%H:%M").to_string()),
            ends_at: if rng.percent(80) {
                Some(ends.format("%Y-%m-%dT%H:%M").to_string())
            } else {
                None
            },
            place: place.into(),
            organisers: organisers_uniq.join(", "),
            status,
            key_question_ids: qs.iter().map(|&q| p.key_questions[q].id.clone()).collect(),
            participants,
            notes: if status == ActivityStatus::Planned {
                format!("Bjud in {} i god tid.", rng.pick(GROUPS))
            } else {
                format!("Många pratade om {}.", rng.pick(THINGS))
            },
            feedback: if status == ActivityStatus::ReportedBack {
                format!(
                    "Ni sa att ni vill ha {}; vi tar med det i {}.",
                    rng.pick(THINGS),
                    rng.pick(AREAS)
                )
            } else {
                String::new()
            },
            feedback_given_on: if status == ActivityStatus::ReportedBack {
                Some(date_str(
                    (day + Duration::days(rng.range(7, 60))).min(reference),
                ))
            } else {
                None
            },
        });
    }

    // Needs, heard in held activities; surveys and pop-ups bring in more.
    let held_weights: Vec<u64> = held
        .iter()
        .map(|&a| match p.activities[a].method {
            Method::Survey => 12,
            Method::Popup | Method::Digital => 5,
            Method::Information => 1,
            _ => 3,
        })
        .collect();
    let held_total: u64 = held_weights.iter().sum();
    let held_cumulative: Vec<u64> = held_weights
        .iter()
        .scan(0u64, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let mut needs_of_tag: Vec<Vec<u32>> = vec![Vec::new(); p.tags.len()];
    let mut tagged_count: Vec<u64> = vec![0; p.tags.len()];
    for k in 0..opts.needs {
        let activity = if held_total > 0 && rng.percent(97) {
            let x = rng.below(held_total);
            let i = held_cumulative.partition_point(|&c| c <= x);
            Some(held[i])
        } else {
            None
        };
        let mut segs: Vec<String> = Vec::new();
        let n_segs = rng.weighted(&[10, 72, 18]);
        for _ in 0..n_segs {
            let s = &seg_ids[rng.weighted(&seg_weights)];
            if !segs.contains(s) {
                segs.push(s.clone());
            }
        }
        let mut tags: Vec<usize> = Vec::new();
        for _ in 0..rng.weighted(&[6, 40, 34, 15, 5]) {
            let t = tag_rank[zipf.sample(&mut rng)];
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        for &t in &tags {
            needs_of_tag[t].push(k as u32);
            tagged_count[t] += 1;
        }
        p.needs.push(Need {
            id: ids.next(&mut rng),
            statement: statement(&mut rng),
            quote: if rng.below(3) == 0 {
                quote(&mut rng)
            } else {
                String::new()
            },
            activity_id: activity.map(|a| p.activities[a].id.clone()),
            segment_ids: segs,
            tag_ids: tags.iter().map(|&t| p.tags[t].id.clone()).collect(),
            important: rng.percent(8),
        });
    }

    // Insights: each a synthesis of needs that share a tag.
    let n_insights = if opts.needs == 0 {
        0
    } else {
        (opts.needs / 250).clamp(3, 4_000)
    };
    let usable: Vec<usize> = (0..p.tags.len())
        .filter(|&t| !needs_of_tag[t].is_empty())
        .collect();
    let usable_weights: Vec<u64> = usable.iter().map(|&t| tagged_count[t]).collect();
    for _ in 0..n_insights {
        if usable.is_empty() {
            break;
        }
        let t = usable[rng.weighted(&usable_weights)];
        let pool = &needs_of_tag[t];
        let want = rng.range(3, 40) as usize;
        let mut evidence: Vec<u32> = (0..want.min(pool.len()))
            .map(|_| pool[rng.below(pool.len() as u64) as usize])
            .collect();
        evidence.sort_unstable();
        evidence.dedup();
        let mut qs: Vec<String> = Vec::new();
        if opts.questions > 0 {
            for _ in 0..rng.range(1, 2) {
                let q = p.key_questions[rng.below(opts.questions) as usize]
                    .id
                    .clone();
                if !qs.contains(&q) {
                    qs.push(q);
                }
            }
        }
        let status = match rng.weighted(&[35, 30, 28, 7]) {
            0 => ResponseStatus::None,
            1 => ResponseStatus::Proposed,
            2 => ResponseStatus::Adopted,
            _ => ResponseStatus::Rejected,
        };
        let tag_name = p.tags[t].name.clone();
        p.insights.push(Insight {
            id: ids.next(&mut rng),
            title: format!("{tag_name}: {}", capitalise(rng.pick::<&str>(THINGS))),
            statement: format!(
                "Flera grupper, särskilt {}, återkommer till {} {}.",
                rng.pick(GROUPS),
                rng.pick(THINGS),
                rng.pick(WHEN)
            ),
            need_ids: evidence
                .iter()
                .map(|&n| p.needs[n as usize].id.clone())
                .collect(),
            key_question_ids: qs,
            effect_goal_ids: if rng.percent(60) {
                vec![rng.pick(&goal_ids).clone()]
            } else {
                vec![]
            },
            response: if status == ResponseStatus::None {
                String::new()
            } else {
                format!("Vi gör: {} {}.", rng.pick(THINGS), rng.pick(WHERE))
            },
            response_status: status,
            communicated_on: if status == ResponseStatus::Adopted && rng.percent(60) {
                Some(date_str(reference - Duration::days(rng.range(1, 300))))
            } else {
                None
            },
        });
    }

    p.canonicalize();
    p
}

/// Generate and write a project file (one transaction; refuses an existing file).
pub fn generate_file(path: &Path, opts: &GenerateOptions) -> Result<Store> {
    opts.check()?;
    if path.exists() {
        return Err(CoreError::new(ErrorCode::Exists,
            format!(
                "{}: file already exists; choose another name",
                path.display()
            ),
        ));
    }
    let project = generate(opts);
    Store::create_from(path, &project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_stable() {
        // The sequence is part of the contract: the same seed, the same project, forever.
        let mut r = Rng::new(42);
        let v: Vec<u64> = (0..3).map(|_| r.below(1000)).collect();
        let mut r2 = Rng::new(42);
        let v2: Vec<u64> = (0..3).map(|_| r2.below(1000)).collect();
        assert_eq!(v, v2);
        assert!(v.iter().all(|x| *x < 1000));
    }

    #[test]
    fn zipf_has_a_long_tail() {
        let z = Zipf::new(100);
        let mut r = Rng::new(7);
        let mut counts = [0u32; 100];
        for _ in 0..100_000 {
            counts[z.sample(&mut r)] += 1;
        }
        assert!(counts[0] > counts[9] * 5);
        assert!(counts[99] > 0);
    }

    #[test]
    fn ids_look_like_uuid_v7_and_rise() {
        let mut r = Rng::new(1);
        let mut ids = Ids {
            ms: 1_767_225_600_000,
        };
        let a = ids.next(&mut r);
        let b = ids.next(&mut r);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "7");
        assert!(a < b);
        assert!(uuid::Uuid::parse_str(&a).is_ok());
    }
}
