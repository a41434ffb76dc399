//! The names of the model's choices as users read them, in Swedish and English: shared by
//! briefs, sheets and exports so a method is called the same everywhere.

use crate::domain::model::{ActivityStatus, Method};
use crate::support::lang::Lang;

/// "Enkät" / "Survey".
pub fn method_name(lang: Lang, m: Method) -> &'static str {
    match m {
        Method::Workshop => "Workshop",
        Method::Popup => "Pop-up",
        Method::Survey => lang.pick("Enkät", "Survey"),
        Method::Interview => lang.pick("Intervju", "Interview"),
        Method::FocusGroup => lang.pick("Fokusgrupp", "Focus group"),
        Method::Walk => lang.pick("Promenad", "Walk"),
        Method::Digital => lang.pick("Digital dialog", "Digital dialogue"),
        Method::Information => "Information",
        Method::Other => lang.pick("Annat", "Other"),
    }
}

/// "Genomförd" / "Held".
pub fn activity_status_name(lang: Lang, s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Planned => lang.pick("Planerad", "Planned"),
        ActivityStatus::Held => lang.pick("Genomförd", "Held"),
        ActivityStatus::ReportedBack => lang.pick("Återkopplad", "Reported back"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_a_name_in_both_languages() {
        for m in Method::ALL {
            assert!(!method_name(Lang::Sv, m).is_empty());
            assert!(!method_name(Lang::En, m).is_empty());
        }
        assert_eq!(method_name(Lang::Sv, Method::Survey), "Enkät");
        assert_eq!(
            activity_status_name(Lang::En, ActivityStatus::ReportedBack),
            "Reported back"
        );
    }
}
