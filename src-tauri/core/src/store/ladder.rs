//! The participation ladder as the project words it, kept as JSON under `ladder` in the
//! `meta` table (steps not saved keep the default wording).

use crate::domain::ladder::{default_ladder, LadderLevel};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::Result;

const KEY: &str = "ladder";

impl Store {
    pub fn ladder(&self) -> Result<Vec<LadderLevel>> {
        let mut levels = default_ladder();
        if let Some(text) = self.meta(KEY)? {
            if let Ok(saved) = serde_json::from_str::<Vec<LadderLevel>>(&text) {
                for l in &mut levels {
                    if let Some(s) = saved.iter().find(|s| s.code == l.code) {
                        l.name = s.name.clone();
                        l.explanation = s.explanation.clone();
                    }
                }
            }
        }
        Ok(levels)
    }

    pub fn save_ladder(&self, levels: &[LadderLevel]) -> Result<Vec<LadderLevel>> {
        let merged = validate::ladder(levels)?;
        self.set_meta(KEY, &serde_json::to_string(&merged).unwrap_or_default())?;
        Ok(merged)
    }
}
