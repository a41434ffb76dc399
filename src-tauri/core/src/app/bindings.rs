//! The TypeScript twins of every type that crosses the IPC boundary, generated into
//! `ui/src/lib/bindings/`; a test fails when the committed files are stale.

use ts_rs::TS;

/// Each type's TypeScript twin, as `(file name, text)`, pushed onto `out`.
macro_rules! gen {
    ($out:ident, $cfg:expr; $($t:ty),* $(,)?) => {
        $(
            $out.push((
                format!("{}.ts", <$t as TS>::ident($cfg)),
                <$t as TS>::export_to_string($cfg).unwrap_or_default(),
            ));
        )*
    };
}

/// Every generated binding: file name and its TypeScript text.
pub fn bindings() -> Vec<(String, String)> {
    use crate::app::briefs::{BriefKind, BriefRequest};
    use crate::app::export::{SheetContent, SheetFormat};
    use crate::app::import_needs::{ImportPreview, ImportReport, NeedMapping, PreviewRow};
    use crate::app::overview::{
        AppInfo, DecisionReadiness, Overview, ProjectSummary, RecentProject,
    };
    use crate::app::personal_data::{ExportScope, PersonalDataFinding, TextFinding};
    use crate::domain::checks::{Severity, Subject, Warning, WarningCode};
    use crate::domain::ladder::LadderLevel;
    use crate::domain::model::*;
    use crate::domain::model::{QuestionsOnDelete, SegmentUsage, SegmentUse};
    use crate::domain::personal_data::{FindingKind, TextField};
    use crate::domain::reach::{MonthReach, NonUserShare, ReachColumn, ReachPage};
    use crate::domain::representation::{Reach, SegmentReach};
    use crate::formats::table::{Separator, TableFormat, TablePreview, TableRow, TextEncoding};
    use crate::store::backup::BackupInfo;
    use crate::store::commitments::FollowUpRow;
    use crate::store::conflicts::Conflict;
    use crate::store::dialogues::{ActivitiesPage, ActivityFilter};
    use crate::store::listen::{Change, ChangeOp};
    use crate::store::merge::{Based, Saved};
    use crate::store::pickers::{ActivityChoice, ActivityChoices, QuestionChoice, QuestionChoices};
    use crate::store::search::{MatrixCell, NeedFilter, NeedRow, NeedsPage, TagCount, TagMode};
    use crate::store::stamps::{EntityKind, Stamp};
    use crate::store::undo::{UndoKind, UndoResult};
    use crate::support::error::{CoreError, ErrorCode};
    use crate::support::lang::Lang;
    let cfg = ts_rs::Config::new();
    let mut out = Vec::new();
    gen!(out, &cfg;
        Project,
        ProjectRows,
        ProjectInfo,
        EffectGoal,
        Segment,
        Tag,
        DecisionStatus,
        Decision,
        DecisionRow,
        InfluenceLevel,
        QuestionStatus,
        KeyQuestion,
        KeyQuestionRow,
        CommitmentRow,
        Method,
        ActivityStatus,
        Participants,
        Activity,
        ActivityRow,
        InsightRow,
        Need,
        ResponseStatus,
        Insight,
        Severity,
        Warning,
        WarningCode,
        Subject,
        CoreError,
        ErrorCode,
        Lang,
        BriefKind,
        SheetContent,
        SheetFormat,
        LadderLevel,
        QuestionsOnDelete,
        SegmentUsage,
        SegmentUse,
        NeedFilter,
        NeedRow,
        ActivityChoice,
        ActivityChoices,
        ActivityFilter,
        ActivitiesPage,
        QuestionChoice,
        QuestionChoices,
        NeedsPage,
        TagCount,
        TagMode,
        ProjectSummary,
        RecentProject,
        AppInfo,
        DecisionReadiness,
        Overview,
        BriefRequest,
        MatrixCell,
        UndoResult,
        UndoKind,
        TableRow,
        TablePreview,
        TableFormat,
        TextEncoding,
        Separator,
        NeedMapping,
        PreviewRow,
        ImportPreview,
        ImportReport,
        BackupInfo,
        EntityKind,
        Stamp,
        Change,
        ChangeOp,
        Based<Need>,
        Saved<Need>,
        Conflict,
        FindingKind,
        TextField,
        PersonalDataFinding,
        TextFinding,
        ExportScope,
        Representation,
        CommitmentStatus,
        CommitmentEvent,
        Commitment,
        FollowUpRow,
        Reach,
        SegmentReach,
        ReachPage,
        ReachColumn,
        MonthReach,
        NonUserShare,
    );
    out.extend(timeline_bindings(&cfg));
    out
}

/// The timeline's types (see [`crate::domain::timeline`]).
fn timeline_bindings(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    use crate::domain::timeline::{
        ClusterTexts, ItemKind, LabelFonts, Link, Side, TimelineCluster, TimelineItem,
        TimelineList, TimelineMeta, TimelineMonth, TimelineOpening, TimelineParams, TimelinePlace,
        TimelineRegion, TimelineScroll, TimelineView, TimelineZoom, ZoomPreset,
    };
    let mut out = Vec::new();
    gen!(out, cfg;
        ZoomPreset,
        TimelineZoom,
        ClusterTexts,
        TimelineParams,
        LabelFonts,
        ItemKind,
        Side,
        Link,
        TimelineItem,
        TimelineCluster,
        TimelineMonth,
        TimelineMeta,
        TimelineRegion,
        TimelineScroll,
        TimelineOpening,
        TimelineView,
        TimelinePlace,
        TimelineList,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed TypeScript twins must match the Rust types. Regenerate with
    /// `make bindings` (which runs this test with `UPDATE_BINDINGS=1`).
    #[test]
    fn typescript_bindings_are_current() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
        let update = std::env::var("UPDATE_BINDINGS").is_ok_and(|v| v == "1");
        let mut stale = Vec::new();
        for (file, text) in bindings() {
            let path = dir.join(&file);
            if update {
                std::fs::create_dir_all(&dir).expect("create bindings folder");
                std::fs::write(&path, &text).expect("write binding");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(file);
            }
        }
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings (run `make bindings`): {stale:?}"
        );
    }
}
