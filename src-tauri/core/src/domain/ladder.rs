//! The participation ladder: its steps as the project words them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::InfluenceLevel;

/// One step of the participation ladder as this project words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LadderLevel {
    pub code: InfluenceLevel,
    pub name: String,
    pub explanation: String,
}

/// The default ladder (IAP2 spectrum, SKR's wording), in Swedish.
pub fn default_ladder() -> Vec<LadderLevel> {
    let l = |code, name: &str, explanation: &str| LadderLevel {
        code,
        name: name.into(),
        explanation: explanation.into(),
    };
    vec![
        l(
            InfluenceLevel::Inform,
            "Information",
            "Invånarna får veta vad som händer och varför; frågan är inte öppen för påverkan.",
        ),
        l(
            InfluenceLevel::Consult,
            "Konsultation",
            "Invånarna tycker till om färdiga förslag; vi återkopplar hur synpunkterna påverkade.",
        ),
        l(
            InfluenceLevel::Dialogue,
            "Dialog",
            "Vi samtalar och utvecklar tankar tillsammans; invånarnas behov formar underlaget.",
        ),
        l(
            InfluenceLevel::Influence,
            "Inflytande",
            "Invånarna är med och tar fram förslag; vi lovar att förslagen vägs in i beslutet.",
        ),
        l(
            InfluenceLevel::Codetermine,
            "Medbestämmande",
            "Invånarna beslutar tillsammans med oss inom ramar som är satta i förväg.",
        ),
    ]
}
