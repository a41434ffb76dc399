//! The words the synthetic project is written with: the codebook's themes, segments,
//! places and people, and the sentences made from them.

use crate::domain::model::Method;

use super::rng::Rng;

pub(super) const THEMES: [(&str, &str, &[&str]); 4] = [
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

pub(super) const QUALIFIERS: &[&str] = &[
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

pub(super) const SEGMENTS: &[(&str, &str)] = &[
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

pub(super) const DECISIONS: &[&str] = &[
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

pub(super) const FORUMS: &[&str] = &[
    "Kulturnämnden",
    "Styrgrupp",
    "Kommunstyrelsen",
    "Projektgrupp",
    "Kommunfullmäktige",
];

pub(super) const AREAS: &[&str] = &[
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

pub(super) const GROUPS: &[&str] = &[
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

pub(super) const THINGS: &[&str] = &[
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

pub(super) const ACTIONS: &[&str] = &[
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

pub(super) const WHEN: &[&str] = &[
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

pub(super) const WHERE: &[&str] = &[
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

pub(super) const PLACES: &[&str] = &[
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

pub(super) const STAFF: &[&str] = &[
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

pub(super) const METHOD_SV: &[(Method, &str, u64)] = &[
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn statement(rng: &mut Rng) -> String {
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

pub(super) fn quote(rng: &mut Rng) -> String {
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

pub(super) fn question_title(rng: &mut Rng) -> String {
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
